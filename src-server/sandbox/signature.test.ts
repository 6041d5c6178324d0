import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signSandboxRequest, verifySandboxSignature } from './signature.js';

const SECRET = 'sk_test_signature_secret';
const NOW = 1_800_000_000;

describe('sandbox request signatures', () => {
  it('accepts any body signed with the key secret at the server time', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: -300, max: 300 }), (body, skew) => {
        const header = signSandboxRequest(SECRET, body, NOW + skew);
        expect(verifySandboxSignature(SECRET, header, body, NOW)).toEqual({ ok: true });
      }),
    );
  });

  it('refuses a body changed after signing, and a signature made with another secret', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (body, extra) => {
        const header = signSandboxRequest(SECRET, body, NOW);
        expect(verifySandboxSignature(SECRET, header, body + extra, NOW)).toMatchObject({ ok: false, code: 'invalid_signature' });
        expect(verifySandboxSignature('sk_test_other', header, body, NOW)).toMatchObject({ ok: false, code: 'invalid_signature' });
      }),
    );
  });

  it('signs the exact bytes, so a buffer and its UTF-8 text verify alike', () => {
    const body = '{"amount":5000,"currency":"XOF","description":"café"}';
    const header = signSandboxRequest(SECRET, Buffer.from(body, 'utf8'), NOW);
    expect(verifySandboxSignature(SECRET, header, body, NOW)).toEqual({ ok: true });
  });

  it('names a missing or malformed header as invalid_signature', () => {
    for (const header of [undefined, '', 'v1=abc', 't=abc,v1=00', `t=${NOW}`, `t=${NOW},v1=xyz`, 'garbage', `t=${NOW},t=${NOW},v1=${'0'.repeat(64)}`]) {
      expect(verifySandboxSignature(SECRET, header, '{}', NOW)).toMatchObject({ ok: false, code: 'invalid_signature' });
    }
  });

  it('reports a genuine signature from a skewed clock with the server time to re-sign with', () => {
    const header = signSandboxRequest(SECRET, '{}', NOW - 301);
    expect(verifySandboxSignature(SECRET, header, '{}', NOW)).toMatchObject({
      ok: false,
      code: 'signature_timestamp_out_of_range',
      details: { server_time: NOW, request_time: NOW - 301, tolerance_seconds: 300 },
    });
    const ahead = signSandboxRequest(SECRET, '{}', NOW + 301);
    expect(verifySandboxSignature(SECRET, ahead, '{}', NOW)).toMatchObject({ code: 'signature_timestamp_out_of_range' });
  });

  it('does not reveal the clock offset to a caller without the secret', () => {
    const forged = `t=${NOW - 10_000},v1=${'ab'.repeat(32)}`;
    expect(verifySandboxSignature(SECRET, forged, '{}', NOW)).toMatchObject({ code: 'invalid_signature' });
  });

  it('accepts one matching v1 among several, as during a secret change', () => {
    const good = signSandboxRequest(SECRET, '{}', NOW);
    const header = `t=${NOW},v1=${'00'.repeat(32)},${good.split(',')[1]}`;
    expect(verifySandboxSignature(SECRET, header, '{}', NOW)).toEqual({ ok: true });
  });
});
