import { z } from 'zod';

/**
 * The browser shell carries the IPC contract over one WebSocket. These are its frames and the rules
 * of the handshake, shared by the Node side (src-main/web) and the renderer's socket transport.
 */

/** The path the socket is served on. */
export const SOCKET_PATH = '/ipc';

/** The subprotocol both ends speak; the server selects it in the handshake. */
export const SOCKET_PROTOCOL = 'molam-ipc.v1';

/**
 * The per-launch secret travels as a second offered subprotocol, `secret.<value>`, so it never appears
 * in a URL that could be logged. Values are base64url (valid subprotocol characters).
 */
export const SOCKET_SECRET_PREFIX = 'secret.';

/** The largest frame either side accepts. */
export const SOCKET_MAX_FRAME_BYTES = 1024 * 1024;

/** Close code the server uses for a frame it cannot read (RFC 6455: policy violation). */
export const SOCKET_CLOSE_BAD_FRAME = 1008;

/** Renderer → shell: call one channel of the contract. `id` pairs the reply with the call. */
export const InvokeFrameSchema = z.strictObject({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().min(1).max(200),
  request: z.unknown(),
});
export type InvokeFrame = z.infer<typeof InvokeFrameSchema>;

/** Shell → renderer: the result envelope of one call (validated by the contract, not here). */
export const ResultFrameSchema = z.strictObject({
  type: z.literal('result'),
  id: z.number().int().nonnegative(),
  result: z.unknown(),
});
export type ResultFrame = z.infer<typeof ResultFrameSchema>;

/** Shell → renderer: one pushed event of the contract. */
export const EventFrameSchema = z.strictObject({
  type: z.literal('event'),
  event: z.string().min(1).max(200),
  payload: z.unknown(),
});
export type EventFrame = z.infer<typeof EventFrameSchema>;

export const ServerFrameSchema = z.discriminatedUnion('type', [ResultFrameSchema, EventFrameSchema]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** Reads the secret out of the subprotocols a client offered, or null when it offered none. */
export function secretFromProtocols(protocols: Iterable<string>): string | null {
  for (const protocol of protocols) {
    if (protocol.startsWith(SOCKET_SECRET_PREFIX)) return protocol.slice(SOCKET_SECRET_PREFIX.length);
  }
  return null;
}
