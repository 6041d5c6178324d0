import { createHmac, timingSafeEqual } from 'node:crypto';
import { SANDBOX_SIGNATURE_TOLERANCE_SECONDS, type SignatureTimestampDetails } from '../../src-shared/schemas/sandbox.js';

/** HMAC-SHA256 of `"<t>.<raw body>"` under the secret, in hex. */
function hmacHex(secret: string, timestamp: number, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * The `Molam-Signature` header value for a request body signed at `nowSeconds` (unix seconds).
 * Tests and the demo traffic sign with it; the SDK carries its own implementation of the same rule.
 */
export function signSandboxRequest(secret: string, body: string | Uint8Array, nowSeconds: number): string {
  const timestamp = Math.floor(nowSeconds);
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; code: 'invalid_signature'; message: string }
  | { ok: false; code: 'signature_timestamp_out_of_range'; message: string; details: SignatureTimestampDetails };

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Splits `t=…,v1=…[,v1=…]`; several v1 values are allowed so a signer can send old and new secrets during a change. */
function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (name === 'v1') {
      if (!HEX_SHA256.test(value.toLowerCase())) return null;
      signatures.push(value.toLowerCase());
    }
    // Other schemes (v0, future versions) are ignored, as signers may send several.
  }
  if (timestamp === null || signatures.length === 0 || signatures.length > 5) return null;
  return { timestamp, signatures };
}

/**
 * Checks a `Molam-Signature` header against the raw body. The HMAC is checked before the
 * timestamp, so only a holder of the secret learns that its clock is off (and by how much).
 */
export function verifySandboxSignature(
  secret: string,
  header: string | undefined,
  rawBody: string | Uint8Array,
  nowSeconds: number,
): SignatureCheck {
  if (header === undefined || header.trim() === '') {
    return { ok: false, code: 'invalid_signature', message: 'missing Molam-Signature header (t=<unix seconds>,v1=<hex HMAC-SHA256>)' };
  }
  const parsed = parseHeader(header);
  if (!parsed) {
    return { ok: false, code: 'invalid_signature', message: 'Molam-Signature must be "t=<unix seconds>,v1=<64 hex digits>"' };
  }
  const expected = Buffer.from(hmacHex(secret, parsed.timestamp, rawBody), 'hex');
  const matches = parsed.signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
  if (!matches) {
    return { ok: false, code: 'invalid_signature', message: 'Molam-Signature does not match the request body signed with this key\'s secret' };
  }
  const now = Math.floor(nowSeconds);
  if (Math.abs(now - parsed.timestamp) > SANDBOX_SIGNATURE_TOLERANCE_SECONDS) {
    return {
      ok: false,
      code: 'signature_timestamp_out_of_range',
      message: `signature timestamp ${parsed.timestamp} is ${now - parsed.timestamp} s from the server time ${now} (tolerance ±${SANDBOX_SIGNATURE_TOLERANCE_SECONDS} s); re-sign with the server time`,
      details: { server_time: now, request_time: parsed.timestamp, tolerance_seconds: SANDBOX_SIGNATURE_TOLERANCE_SECONDS },
    };
  }
  return { ok: true };
}
