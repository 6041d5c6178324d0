// Who may open the browser shell's socket, and who may load its pages. Pure functions, so each refusal
// is proven by a unit test; `server.ts` applies them to the HTTP upgrade and to every request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SOCKET_PATH, SOCKET_PROTOCOL, secretFromProtocols } from '../../src-shared/transport/socket-frames.js';

/** A fresh per-launch secret: 256 random bits, base64url (valid in a subprotocol and a URL fragment). */
export function generateLaunchSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares two secrets in constant time. Both sides are hashed first so the comparison neither
 * depends on nor reveals the length of the expected value.
 */
export function secretsMatch(offered: string, expected: string): boolean {
  const a = createHash('sha256').update(offered, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && offered.length === expected.length;
}

/** The parts of an upgrade request the gate looks at. */
export interface UpgradeRequest {
  path: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  /** The raw `Sec-WebSocket-Protocol` header. */
  protocols: string | undefined;
}

/** What the shell expects: its own origins, its own host names and the launch secret. */
export interface GateExpectations {
  /** e.g. `http://127.0.0.1:4380` and `http://localhost:4380` */
  origins: ReadonlySet<string>;
  /** Host headers that name this shell (`127.0.0.1:4380`, `localhost:4380`). */
  hosts: ReadonlySet<string>;
  secret: string;
}

export type GateDecision = { ok: true } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/** The host headers under which the shell answers: loopback names with its port, nothing else. */
export function shellHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** The origins of the shell's own pages, the only ones allowed to open its socket. */
export function shellOrigins(port: number): ReadonlySet<string> {
  return new Set([...shellHosts(port)].map((host) => `http://${host}`));
}

/**
 * A request whose Host header is not this shell's is refused: that is what a page on another site
 * would send after re-pointing its DNS name at 127.0.0.1.
 */
export function isShellHost(host: string | undefined, hosts: ReadonlySet<string>): boolean {
  return host !== undefined && hosts.has(host.toLowerCase());
}

/** Decides a WebSocket upgrade: right path and host, the shell's own Origin, and the launch secret. */
export function decideUpgrade(request: UpgradeRequest, expected: GateExpectations): GateDecision {
  const path = (request.path ?? '').split('?', 1)[0];
  if (path !== SOCKET_PATH) return { ok: false, status: 404, reason: 'unknown path' };
  if (!isShellHost(request.host, expected.hosts)) return { ok: false, status: 403, reason: 'foreign host' };
  if (request.origin === undefined || !expected.origins.has(request.origin)) return { ok: false, status: 403, reason: 'foreign origin' };
  const offered = (request.protocols ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  if (!offered.includes(SOCKET_PROTOCOL)) return { ok: false, status: 400, reason: 'missing subprotocol' };
  const secret = secretFromProtocols(offered);
  if (secret === null) return { ok: false, status: 401, reason: 'missing secret' };
  if (!secretsMatch(secret, expected.secret)) return { ok: false, status: 401, reason: 'wrong secret' };
  return { ok: true };
}
