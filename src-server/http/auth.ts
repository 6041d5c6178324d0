import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../src-shared/domain/roles.js';
import type { Database, Queryable } from '../db/database.js';
import { HttpError, forbidden } from './errors.js';

/** Who is calling: resolved from the Bearer token. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  /** Set for merchant tokens: the only merchant whose plugins they may touch. */
  merchantId: string | null;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new random token; only its hash is stored. */
export function generateToken(role: Role): string {
  return `mhc_${role}_${randomBytes(24).toString('base64url')}`;
}

/** Stores a token (hashed) and returns its id. */
export async function createToken(
  db: Queryable,
  input: { name: string; role: Role; merchantId?: string | null; token: string },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO api_tokens (name, role, merchant_id, token_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (token_hash) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [input.name, input.role, input.merchantId ?? null, hashToken(input.token)],
  );
  return rows[0]!.id;
}

const CACHE_TTL_MS = 5_000;

/** Resolves Bearer tokens to principals, with a short cache so hot endpoints do not hit the database each call. */
export class TokenAuthenticator {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(private readonly db: Database) {}

  async authenticate(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    if (!header) throw new HttpError(401, 'unauthenticated', 'missing Authorization header (expected "Bearer <token>")');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'unauthenticated', 'Authorization header must be "Bearer <token>"');
    const hash = hashToken(match[1]!);
    const now = Date.now();
    let entry = this.cache.get(hash);
    if (!entry || entry.until < now) {
      const { rows } = await this.db.query<{ id: string; name: string; role: Role; merchant_id: string | null }>(
        'SELECT id, name, role, merchant_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
        [hash],
      );
      const row = rows[0];
      entry = {
        principal: row ? { tokenId: row.id, name: row.name, role: row.role, merchantId: row.merchant_id } : null,
        until: now + CACHE_TTL_MS,
      };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, entry);
    }
    if (!entry.principal) throw new HttpError(401, 'unauthenticated', 'unknown or revoked token');
    return entry.principal;
  }

  /** Forget cached tokens (after a revocation). */
  clear(): void {
    this.cache.clear();
  }
}

/** Throws 403 unless the principal's role is one of `roles` (admin passes every staff check). */
export function requireRole(principal: Principal, roles: readonly Role[]): void {
  if (roles.includes(principal.role)) return;
  if (principal.role === 'admin' && !roles.every((r) => r === 'merchant' || r === 'sdk')) return;
  throw forbidden(`role ${principal.role} may not do this (needs ${roles.join(' or ')})`);
}

/** Throws 403 when a merchant token reaches for another merchant's plugin. */
export function assertPluginAccess(principal: Principal, plugin: { merchant_id: string }): void {
  if (principal.role === 'merchant' && plugin.merchant_id !== principal.merchantId) {
    throw forbidden('this plugin belongs to another merchant');
  }
}
