import type { FastifyInstance } from 'fastify';
import { bestPatch, matchedPrefix, type CompiledPatch } from '../../src-shared/patch-engine/matcher.js';
import { parseVersionRange, versionInRange } from '../../src-shared/patch-engine/match-checks.js';
import {
  ActivePatchSetQuerySchema,
  ActivePatchSetResponseSchema,
  SelfHealBodySchema,
  SelfHealResponseSchema,
  SigningKeysResponseSchema,
} from '../../src-shared/schemas/sdk.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { servedPatchOf, type ActivePatchCache, type ActiveVersionRow } from './active-patches.js';
import type { LookupRecorder } from './lookup-recorder.js';
import { storableJson, storableText } from './patch-validation.js';
import type { PatchSigner } from './signing.js';

const TAGS = ['sdk self-heal'];

const unavailable = (what: string, error: unknown, ctx: ServerContext) => {
  ctx.log.error({ err: error }, `self-heal: ${what} failed`);
  return new HttpError(503, 'unavailable', `${what} failed; retry shortly`, { headers: { 'retry-after': '1' } });
};

/**
 * Whether an SDK of `sdkVersion` may use the patch, as the lookup decides: a patch with a version range
 * needs a version inside it.
 */
function servesVersion(match: unknown, sdkVersion: string | undefined): boolean {
  const range = (match as { sdk_version_range?: unknown }).sdk_version_range;
  if (typeof range !== 'string') return true;
  if (sdkVersion === undefined) return false;
  const parsed = parseVersionRange(range);
  return parsed.ok && versionInRange(parsed.value, sdkVersion);
}

/** The SDK-facing endpoints: patch lookup (hot path), the active patch set and the signing keys SDKs pin. */
export function registerSelfHealRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  services: { signer: PatchSigner; cache: ActivePatchCache; recorder: LookupRecorder },
): void {
  const { router } = ctx;
  const { signer, cache, recorder } = services;

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/dev/self-heal',
      summary: 'An SDK call failed: the most specific active patch for it, or none (the lookup is recorded)',
      tags: TAGS,
      roles: ['sdk', 'dev_admin'],
      body: SelfHealBodySchema,
      response: SelfHealResponseSchema,
      // Served from memory and recorded by group commit: no per-request transaction.
      transactional: false,
      unstorableText: 'cleaned',
    },
    async ({ body, principal }) => {
      const error = storableText(matchedPrefix(body.error));
      const developerId = principal.merchantId ?? principal.name;
      let candidates: readonly CompiledPatch<ActiveVersionRow>[];
      try {
        candidates = await cache.candidatesFor(body.sdk, developerId);
      } catch (cause) {
        throw unavailable('loading the active patches', cause, ctx);
      }
      const best = bestPatch(
        candidates,
        { sdk: body.sdk, sdkVersion: body.sdk_version, error, status: body.status, errorCode: body.error_code },
        body.allow_code_patches,
      );
      try {
        await recorder.record({
          developer_id: developerId,
          sdk_language: body.sdk,
          sdk_version: body.sdk_version === undefined ? null : storableText(body.sdk_version),
          error_message: error,
          status: body.status ?? null,
          error_code: body.error_code === undefined ? null : storableText(body.error_code),
          patch_id: best?.candidate.patch_id ?? null,
          patch_version: best?.candidate.version ?? null,
          context: best ? null : storableJson(body.context ?? {}),
        });
      } catch (cause) {
        throw unavailable('recording the lookup', cause, ctx);
      }
      return { patch: best ? servedPatchOf(best.candidate) : null };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/dev/patches/active',
      summary: 'Every active patch version the calling developer is served for one SDK language, signed with its expiry',
      tags: TAGS,
      roles: ['sdk', 'dev_admin'],
      query: ActivePatchSetQuerySchema,
      response: ActivePatchSetResponseSchema,
      transactional: false,
    },
    async ({ query, principal }) => {
      let candidates: readonly CompiledPatch<ActiveVersionRow>[];
      try {
        candidates = await cache.candidatesFor(query.sdk, principal.merchantId ?? principal.name);
      } catch (cause) {
        throw unavailable('loading the active patches', cause, ctx);
      }
      const patches = candidates
        .filter((compiled) => servesVersion(compiled.candidate.match, query.sdk_version))
        .map((compiled) => servedPatchOf(compiled.candidate))
        .sort((a, b) => (a.patch_id < b.patch_id ? -1 : a.patch_id > b.patch_id ? 1 : 0));
      return { generated_at: new Date().toISOString(), patches };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/dev/signing-keys',
      summary: 'Public keys that verify patch signatures (Ed25519), for SDKs to pin',
      tags: TAGS,
      roles: ['sdk', 'dev_admin', 'reviewer', 'ops'],
      response: SigningKeysResponseSchema,
    },
    async ({ db }) => {
      const current = await signer.register(db);
      const { rows } = await db.query<{ key_id: string; public_key_pem: string; created_at: string }>(
        'SELECT key_id, public_key_pem, created_at FROM sdk_signing_keys ORDER BY created_at DESC, key_id',
      );
      return { keys: rows.map((row) => ({ ...row, algorithm: 'ed25519' as const, current: row.key_id === current.keyId })) };
    },
  );
}
