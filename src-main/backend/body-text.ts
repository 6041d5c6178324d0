import { isAscii } from 'node:buffer';

/**
 * The text of a UTF-8 response body. An ASCII body (nearly every change-feed page: PostgreSQL's JSON
 * text of ASCII data) is taken byte for byte, which for ASCII is exact and dozens of times faster than
 * UTF-8 decoding (about 12 ms per 4 MB page otherwise); anything else is decoded as UTF-8, invalid
 * sequences becoming U+FFFD as with `Response.text()`.
 */
export function bodyText(bytes: ArrayBuffer): string {
  const buffer = Buffer.from(bytes);
  return isAscii(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
}
