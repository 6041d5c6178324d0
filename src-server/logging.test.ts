import { describe, expect, it } from 'vitest';
import { createServerLogger, readableLogLine } from './logging.js';

describe('readable log lines', () => {
  it('names the level and the message, then the record’s own fields, an error by its message', () => {
    const line = readableLogLine({
      level: 40,
      time: 1_767_000_000_000,
      pid: 12,
      hostname: 'host',
      msg: 'interop event dispatch failed',
      eventId: 42,
      err: { type: 'Error', message: 'connection reset\n    at somewhere', stack: 'Error: connection reset\n    at somewhere', code: 'ECONNRESET' },
    });
    expect(line).toBe('warn: interop event dispatch failed (eventId=42; error: connection reset (ECONNRESET))');
  });

  it('keeps a long or nested value to one short line', () => {
    const line = readableLogLine({ level: 30, msg: 'rule skipped', issues: [{ path: ['x'], message: 'y'.repeat(500) }] });
    expect(line.startsWith('info: rule skipped (issues=[{"path":["x"]')).toBe(true);
    expect(line.length).toBeLessThan(260);
    expect(line).not.toContain('\n');
  });

  it('never prints a token or a signature the record carried in its headers', () => {
    const lines: string[] = [];
    const log = createServerLogger('info', { kind: 'readable', print: (line) => lines.push(line) });
    log.warn({ req: { headers: { authorization: 'Bearer demo-admin-token', 'molam-signature': 't=1,v1=abcdef' } } }, 'request failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn: request failed \(req=/);
    expect(lines[0]).not.toContain('demo-admin-token');
    expect(lines[0]).not.toContain('abcdef');
    expect(lines[0]).toContain('[redacted]');
  });
});
