import type { Role } from '../../src-shared/domain/roles.js';
import { hashToken } from '../http/auth.js';
import type { Queryable } from '../db/database.js';

/** The merchant whose plugins the demo merchant token owns and the traffic simulator drives. */
export const DEMO_MERCHANT_ID = 'demo-merchant-1';
/** The developer behind the demo SDK traffic and the sandbox API key. */
export const DEMO_DEVELOPER_ID = 'demo-developer-1';

/** A public demo credential: documented in the README and printed at a demo start. */
export interface DemoToken {
  key: DemoTokenKey;
  name: string;
  role: Role;
  merchantId: string | null;
  token: string;
}

export type DemoTokenKey = 'admin' | 'sira' | 'ops' | 'reviewer' | 'reviewer2' | 'dev_admin' | 'merchant' | 'sdk';

/**
 * One token per role (two reviewers, so a critical proposal can collect its two approvals). They
 * are public, so they are only valid while the server runs with --demo.
 */
export const DEMO_TOKENS: readonly DemoToken[] = [
  { key: 'admin', name: 'demo admin', role: 'admin', merchantId: null, token: 'demo-admin-token' },
  { key: 'sira', name: 'demo sira', role: 'sira', merchantId: null, token: 'demo-sira-token' },
  { key: 'ops', name: 'demo ops', role: 'ops', merchantId: null, token: 'demo-ops-token' },
  { key: 'reviewer', name: 'demo reviewer', role: 'reviewer', merchantId: null, token: 'demo-reviewer-token' },
  { key: 'reviewer2', name: 'demo reviewer 2', role: 'reviewer', merchantId: null, token: 'demo-reviewer2-token' },
  { key: 'dev_admin', name: 'demo dev admin', role: 'dev_admin', merchantId: null, token: 'demo-dev-admin-token' },
  { key: 'merchant', name: 'demo merchant', role: 'merchant', merchantId: DEMO_MERCHANT_ID, token: 'demo-merchant-token' },
  { key: 'sdk', name: DEMO_DEVELOPER_ID, role: 'sdk', merchantId: null, token: 'demo-sdk-token' },
];

export type DemoTokenMap = Readonly<Record<DemoTokenKey, string>>;

export const DEMO_TOKEN_MAP: DemoTokenMap = Object.fromEntries(DEMO_TOKENS.map((t) => [t.key, t.token])) as DemoTokenMap;

/**
 * Makes the demo tokens valid (creating them on the first demo start), or, with `enabled` false,
 * revokes them so a database once started with --demo does not keep public credentials alive.
 */
export async function setDemoTokens(db: Queryable, enabled: boolean): Promise<void> {
  const hashes = DEMO_TOKENS.map((t) => hashToken(t.token));
  if (!enabled) {
    await db.query('UPDATE api_tokens SET revoked_at = now() WHERE token_hash = ANY($1::text[]) AND revoked_at IS NULL', [hashes]);
    return;
  }
  const values = DEMO_TOKENS.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`).join(', ');
  const params = DEMO_TOKENS.flatMap((t) => [t.name, t.role, t.merchantId, hashToken(t.token)]);
  await db.query(
    `INSERT INTO api_tokens (name, role, merchant_id, token_hash) VALUES ${values}
     ON CONFLICT (token_hash) DO UPDATE SET revoked_at = NULL, name = EXCLUDED.name, role = EXCLUDED.role,
       merchant_id = EXCLUDED.merchant_id`,
    params,
  );
}

/** The table printed at a demo start (the tokens are public demo credentials). */
export function formatDemoTokenTable(): string {
  const width = Math.max(...DEMO_TOKENS.map((t) => t.token.length));
  const lines = DEMO_TOKENS.map(
    (t) => `  ${t.token.padEnd(width)}  ${t.role.padEnd(9)}  ${t.merchantId ? `merchant ${t.merchantId}` : ''}`.trimEnd(),
  );
  return [`  ${'token'.padEnd(width)}  role`, ...lines].join('\n');
}
