import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Role } from '../../src-shared/domain/roles.js';
import { buildApp, type BuiltApp } from '../app.js';
import type { ServerConfig } from '../context.js';
import { openPglite, openPostgres, type Database } from '../db/database.js';
import { createToken } from '../http/auth.js';
import { withDatabase } from './templates.js';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export function testBackends(): Backend[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** Opens a fresh, migrated database of the given kind (copied from the run's template). */
export async function openTestDatabase(backend: Backend): Promise<{ db: Database; url?: string; drop(): Promise<void> }> {
  if (backend === 'pglite') {
    const tarball = readFileSync(inject('pgliteTemplate'));
    const db = await openPglite({ loadDataDir: new Blob([tarball]) });
    return { db, drop: async () => undefined };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `molam_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')!}`);
  await admin.end();
  const url = withDatabase(base, name);
  const db = await openPostgres(url);
  return {
    db,
    url,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Tokens for every role, plus a second reviewer and a second merchant. */
export const TEST_TOKENS = {
  admin: 'test-admin-token',
  sira: 'test-sira-token',
  ops: 'test-ops-token',
  reviewer: 'test-reviewer-token',
  reviewer2: 'test-reviewer2-token',
  dev_admin: 'test-dev-admin-token',
  dev_admin2: 'test-dev-admin2-token',
  merchant: 'test-merchant-token',
  merchant2: 'test-merchant2-token',
  sdk: 'test-sdk-token',
} as const;
export type TokenName = keyof typeof TEST_TOKENS;

/** One test token of each role. */
export const TOKEN_OF_ROLE: Record<Role, TokenName> = {
  admin: 'admin',
  sira: 'sira',
  ops: 'ops',
  reviewer: 'reviewer',
  dev_admin: 'dev_admin',
  merchant: 'merchant',
  sdk: 'sdk',
};

const TOKEN_ROLES: Record<TokenName, { role: Role; merchantId?: string }> = {
  admin: { role: 'admin' },
  sira: { role: 'sira' },
  ops: { role: 'ops' },
  reviewer: { role: 'reviewer' },
  reviewer2: { role: 'reviewer' },
  dev_admin: { role: 'dev_admin' },
  dev_admin2: { role: 'dev_admin' },
  merchant: { role: 'merchant', merchantId: 'merchant-a' },
  merchant2: { role: 'merchant', merchantId: 'merchant-b' },
  sdk: { role: 'sdk' },
};

export interface TestServer {
  backend: Backend;
  db: Database;
  built: BuiltApp;
  baseUrl: string;
  dataDir: string;
  /** Sends a request on loopback as `as` (a token name) and returns status, headers and parsed JSON. */
  request(
    method: string,
    path: string,
    options?: { as?: TokenName | null; body?: unknown; headers?: Record<string, string>; rawBody?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** A test server's configuration: loopback, a random port, responses checked against their schemas, no log. */
function testConfig(dataDir: string, overrides: Partial<ServerConfig>): ServerConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    demo: false,
    defaultAutoApplyThreshold: 85,
    checkResponses: true,
    logLevel: 'silent',
    ...overrides,
  };
}

/** Starts the real server on 127.0.0.1 (random port) over a fresh database. */
export async function startTestServer(backend: Backend, overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const { db, drop } = await openTestDatabase(backend);
  await createTestTokens(db);
  const dataDir = mkdtempSync(join(tmpdir(), 'molam-server-test-'));
  const built = await buildApp(db, testConfig(dataDir, overrides));
  const address = await built.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    backend,
    db,
    built,
    baseUrl: address,
    dataDir,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const as = options.as === undefined ? 'admin' : options.as;
      if (as) headers.authorization = `Bearer ${TEST_TOKENS[as]}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      } else if (body !== undefined) {
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${address}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON (metrics, SSE): keep the text
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async close() {
      await built.close();
      await db.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates the TEST_TOKENS in `db`, as startTestServer does before it starts. */
export async function createTestTokens(db: Database): Promise<void> {
  for (const [name, spec] of Object.entries(TOKEN_ROLES)) {
    await createToken(db, { name: `test ${name}`, role: spec.role, merchantId: spec.merchantId, token: TEST_TOKENS[name as TokenName] });
  }
}

/**
 * Starts a server over a database someone else opened and owns (several servers may share one
 * PostgreSQL database, each with its own pool, as separate processes would): loopback, random port.
 * Closing it closes the HTTP server only.
 */
export async function startServerOn(db: Database, overrides: Partial<ServerConfig> = {}): Promise<{ built: BuiltApp; baseUrl: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'molam-server-test-'));
  const built = await buildApp(db, testConfig(dataDir, overrides));
  const baseUrl = await built.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    built,
    baseUrl,
    async close() {
      await built.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
