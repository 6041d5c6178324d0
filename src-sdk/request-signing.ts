import { createHmac } from 'node:crypto';

/** The header the payments API checks: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const SIGNATURE_HEADER_NAME = 'Molam-Signature';

/** The `Molam-Signature` value for the exact body text sent, signed at `unixSeconds`. */
export function signRequest(secretKey: string, rawBody: string, unixSeconds: number): string {
  const timestamp = Math.floor(unixSeconds);
  const mac = createHmac('sha256', secretKey).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}
