import { describe, expect, it } from 'vitest';
import { bodyText } from './body-text.js';

const bytesOf = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

describe('bodyText', () => {
  it('reads an ASCII body as it is', () => {
    const text = '{"detected_issue":"Unknown column \'fee_1\' in field list","n":1}';
    expect(bodyText(bytesOf(text))).toBe(text);
  });

  it('decodes UTF-8 beyond ASCII (accents, CJK, emoji) rather than reading bytes as Latin-1', () => {
    const text = '{"merchant":"Boulangerie Crème","city":"東京","note":"✅ 🚀"}';
    expect(bodyText(bytesOf(text))).toBe(text);
    expect(JSON.parse(bodyText(bytesOf(text)))).toEqual({ merchant: 'Boulangerie Crème', city: '東京', note: '✅ 🚀' });
  });

  it('replaces invalid UTF-8 with U+FFFD like Response.text()', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"a":"\xff\xfe"}
    expect(bodyText(bytes.buffer)).toBe(await new Response(bytes).text());
    expect(bodyText(bytes.buffer)).toBe('{"a":"\uFFFD\uFFFD"}');
  });

  it('reads an empty body as empty text', () => {
    expect(bodyText(new ArrayBuffer(0))).toBe('');
  });
});
