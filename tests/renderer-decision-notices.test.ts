import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../src-shared/ipc/contract.js';

const RENDERER = join(import.meta.dirname, '..', 'src-renderer');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The channels whose answer says what became of a decision (their response carries a `delivery`). */
function decisionChannels(): string[] {
  return Object.entries(IPC_CHANNELS)
    .filter(([, { response }]) => JSON.stringify(response.toJSONSchema?.({ unrepresentable: 'any' }) ?? {}).includes('"delivery"'))
    .map(([channel]) => channel);
}

describe('every decision path goes through the one notice helper', () => {
  it('finds the decision channels in the contract', () => {
    expect(decisionChannels()).toEqual(
      expect.arrayContaining(['ops:decisions.approve', 'ops:decisions.reject', 'ops:decisions.apply', 'ops:decisions.rollback', 'ops:decisions.bulk', 'ops:pauses.resume', 'ops:conflicts.resolve']),
    );
  });

  it('calls a decision channel only through useDecisionMutation, or for a bulk decision next to its one announcement', () => {
    const calls = new Map<string, string[]>();
    for (const file of sources(RENDERER)) {
      const text = readFileSync(file, 'utf8');
      for (const channel of decisionChannels()) {
        const direct = new RegExp(String.raw`(call\([^,()]+,\s*|invoke\(\s*)'${channel.replace(/\./g, '\\.')}'`);
        if (direct.test(text)) calls.set(channel, [...(calls.get(channel) ?? []), relative(RENDERER, file)]);
      }
    }
    // useDecisionMutation calls its channel through a variable: no file names a single decision's channel in a call.
    // A bulk decision and a draft's submission answer in their own shapes: each call sits beside its one announcement.
    expect([...calls.keys()].sort()).toEqual(['ops:decisions.bulk', 'ops:drafts.submit']);
    expect(calls.get('ops:decisions.bulk')).toEqual(['features/healing-logs/mutations.ts']);
    expect(readFileSync(join(RENDERER, 'features/healing-logs/mutations.ts'), 'utf8')).toContain('announceBulk(');
    expect(calls.get('ops:drafts.submit')).toEqual(['features/patch-editor/mutations.ts']);
    expect(readFileSync(join(RENDERER, 'features/patch-editor/mutations.ts'), 'utf8')).toContain('announceSubmission(');
  });
});
