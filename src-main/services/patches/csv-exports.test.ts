import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv-exports.js';

describe('CSV cells', () => {
  it('neutralises text a spreadsheet would run as a formula, and keeps numbers and ordinary text as they are', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(csvCell('+cmd|calc')).toBe(`'+cmd|calc`);
    expect(csvCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvCell('-1+2')).toBe(`'-1+2`);
    expect(csvCell('\tindent')).toBe(`'\tindent`);
    expect(csvCell('-12')).toBe('-12');
    expect(csvCell('820982911946154508')).toBe('820982911946154508');
    expect(csvCell(0.35)).toBe('0.35');
    expect(csvCell('Timeout after 10 s')).toBe('Timeout after 10 s');
    expect(csvCell(null)).toBe('');
    expect(csvCell({ a: 1 })).toBe('{"a":1}');
  });

  it('writes RFC 4180 with a BOM and a header row, quoting what needs it', () => {
    const csv = toCsv(['id', 'message'], [{ id: '1', message: 'a, "quoted"\nline' }, { id: '2', message: '=1+1' }]);
    expect(csv).toBe('\uFEFFid,message\r\n1,"a, ""quoted""\nline"\r\n2,\'=1+1\r\n');
  });
});
