import type { FastifyInstance } from 'fastify';
import { pageOf } from '../../src-shared/schemas/common.js';
import {
  CreateSandboxKeyBodySchema,
  DEFAULT_SANDBOX_FAULTS,
  PutSandboxFaultsBodySchema,
  PutSandboxFaultsResponseSchema,
  SandboxFaultsSchema,
  SandboxKeyCreatedSchema,
  SandboxKeyListQuerySchema,
  SandboxKeySchema,
  type SandboxFaults,
  type SandboxKeyCreated,
} from '../../src-shared/schemas/sandbox.js';
import type { ServerContext } from '../context.js';
import { CURSOR, decodeCursor, encodeCursor } from '../http/cursor.js';
import { defineRoute } from '../http/route.js';
import type { SandboxFaultInjector } from './faults.js';
import { createSandboxKey, listSandboxKeys, rotateSandboxKey } from './keys-repo.js';

/** Admins pass every staff check, so listing dev_admin lets both in. */
const SANDBOX_ADMINS = ['dev_admin'] as const;

/** A key as the audit log keeps it: the secret never goes there. */
const withoutSecret = ({ secret_key: _secret, ...key }: SandboxKeyCreated) => key;

/** Staff routes of the sandbox: the fault switch and the key pairs developers sign with. */
export function registerSandboxSettingsRoutes(app: FastifyInstance, ctx: ServerContext, faults: SandboxFaultInjector): void {
  const { router } = ctx;

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/sandbox/faults',
      summary: 'The sandbox fault switch and rate limit of this server process',
      tags: ['sandbox'],
      roles: SANDBOX_ADMINS,
      response: SandboxFaultsSchema,
    },
    async () => faults.faults,
  );

  defineRoute(
    app,
    router,
    {
      method: 'PUT',
      url: '/api/v1/sandbox/faults',
      summary: 'Replace the fault switch (omitted fields reset to their defaults); optionally expire an API key now',
      tags: ['sandbox'],
      roles: SANDBOX_ADMINS,
      body: PutSandboxFaultsBodySchema,
      response: PutSandboxFaultsResponseSchema,
    },
    async ({ body, db, audit, afterCommit }) => {
      const before = faults.faults;
      const next: SandboxFaults = {
        latency_ms: body.latency_ms ?? DEFAULT_SANDBOX_FAULTS.latency_ms,
        latency_rate: body.latency_rate ?? DEFAULT_SANDBOX_FAULTS.latency_rate,
        error_rate: body.error_rate ?? DEFAULT_SANDBOX_FAULTS.error_rate,
        rate_limit: body.rate_limit ?? DEFAULT_SANDBOX_FAULTS.rate_limit,
      };
      let rotation = null;
      if (body.rotate_key !== undefined) {
        const result = await rotateSandboxKey(db, body.rotate_key);
        await audit({ action: 'sandbox.key.rotate', entityType: 'sandbox_api_key', entityId: result.before.id, before: result.before, after: result.after });
        if (result.fallback_key) {
          await audit({ action: 'sandbox.key.create', entityType: 'sandbox_api_key', entityId: result.fallback_key.id, after: withoutSecret(result.fallback_key) });
        }
        const { before: _before, after: _after, ...visible } = result;
        rotation = visible;
      }
      await audit({ action: 'sandbox.faults.set', entityType: 'sandbox_faults', entityId: null, before, after: next });
      // The switch lives in memory: flip it only once the audit row (and any rotation) is committed.
      afterCommit(() => faults.set(next));
      return { faults: next, rotation };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/sandbox/keys',
      summary: 'Create a sandbox key pair for a developer (the secret is shown in this answer)',
      tags: ['sandbox'],
      roles: SANDBOX_ADMINS,
      body: CreateSandboxKeyBodySchema,
      response: SandboxKeyCreatedSchema,
      status: 201,
    },
    async ({ body, db, audit }) => {
      const key = await createSandboxKey(db, body.developer_id);
      await audit({ action: 'sandbox.key.create', entityType: 'sandbox_api_key', entityId: key.id, after: withoutSecret(key) });
      return key;
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/sandbox/keys',
      summary: 'Sandbox keys, newest first, without their secrets',
      tags: ['sandbox'],
      roles: SANDBOX_ADMINS,
      query: SandboxKeyListQuerySchema,
      response: pageOf(SandboxKeySchema),
    },
    async ({ query, db }) => {
      const after = query.cursor ? decodeCursor(query.cursor, 'query.cursor', CURSOR.microsAndId) : undefined;
      const page = await listSandboxKeys(db, { developerId: query.developer_id, after, limit: query.limit });
      return { items: page.items, next_cursor: page.next ? encodeCursor(page.next) : null };
    },
  );
}
