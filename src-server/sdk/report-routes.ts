import type { FastifyInstance } from 'fastify';
import { STAFF_ROLES } from '../../src-shared/domain/roles.js';
import {
  PatchApplicationsBodySchema,
  PatchApplicationsResponseSchema,
  PatchStatsQuerySchema,
  PatchStatsResponseSchema,
  type PatchApplicationReport,
} from '../../src-shared/schemas/sdk.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { badRequest } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { storableJson, storableText } from './patch-validation.js';
import type { ActivePatchCache } from './active-patches.js';
import type { RolloutEvaluator } from './rollout-evaluation.js';

const TAGS = ['sdk telemetry'];

// Reports already stored under the same report_id are skipped, so an SDK can resend a batch safely.
// A time in the future (a skewed SDK clock) is stored as the time of receipt. received_at is when the
// backend stored the report: the self_heal_* counters count it then, and so do the backend's alerts.
const INSERT_REPORTS_SQL = `
  INSERT INTO sdk_patch_applications
    (report_id, patch_id, patch_version, developer_id, sdk_language, sdk_version, error_encountered, context,
     success, rollback_triggered, patch_applied, duration_ms, applied_at, received_at)
  SELECT x.report_id, x.patch_id, x.patch_version, $2, x.sdk_language, x.sdk_version, x.error_encountered,
         COALESCE(x.context, '{}'::jsonb), x.success, x.rollback_triggered, true, x.duration_ms,
         LEAST(COALESCE(x.applied_at, now()), now()), now()
    FROM jsonb_to_recordset($1::jsonb) AS x(
      report_id text, patch_id uuid, patch_version integer, sdk_language text, sdk_version text,
      error_encountered text, context jsonb, success boolean, rollback_triggered boolean, duration_ms integer,
      applied_at timestamptz)
  ON CONFLICT (report_id) DO NOTHING
  RETURNING patch_id, sdk_language, success, rollback_triggered`;

/** Throws 400 naming the first report whose patch or version does not exist. */
async function checkPatchesExist(db: Queryable, reports: readonly PatchApplicationReport[]): Promise<void> {
  const ids = [...new Set(reports.map((r) => r.patch_id))];
  const { rows } = await db.query<{ patch_id: string; version: number }>(
    'SELECT patch_id, version FROM sdk_patch_versions WHERE patch_id = ANY($1::uuid[])',
    [ids],
  );
  const patches = new Set(rows.map((r) => r.patch_id));
  const versions = new Set(rows.map((r) => `${r.patch_id}/${r.version}`));
  reports.forEach((report, index) => {
    if (!patches.has(report.patch_id)) {
      throw badRequest(`body.reports.${index}.patch_id: no patch ${report.patch_id}`, `body.reports.${index}.patch_id`);
    }
    if (!versions.has(`${report.patch_id}/${report.patch_version}`)) {
      throw badRequest(
        `body.reports.${index}.patch_version: patch ${report.patch_id} has no version ${report.patch_version}`,
        `body.reports.${index}.patch_version`,
      );
    }
  });
}

/**
 * The reported (patch, version) pairs this developer is no longer served (a halted or aborted
 * rollout, a deactivated patch, a retired or expired version), once each: the SDK drops them from its
 * patch set at once instead of applying them until its next refresh. Answered from the in-memory
 * active set, as the lookup is.
 */
async function withdrawnOf(cache: ActivePatchCache, reports: readonly PatchApplicationReport[], developerId: string) {
  const servedByLanguage = new Map<string, Set<string>>();
  const withdrawn = new Map<string, { patch_id: string; version: number }>();
  for (const report of reports) {
    const key = `${report.patch_id}/${report.patch_version}`;
    if (withdrawn.has(key)) continue;
    let served = servedByLanguage.get(report.sdk_language);
    if (!served) {
      const candidates = await cache.candidatesFor(report.sdk_language, developerId);
      served = new Set(candidates.map(({ candidate }) => `${candidate.patch_id}/${candidate.version}`));
      servedByLanguage.set(report.sdk_language, served);
    }
    if (!served.has(key)) withdrawn.set(key, { patch_id: report.patch_id, version: report.patch_version });
  }
  return [...withdrawn.values()];
}

/** SDK application reports (batched, idempotent) and the per-patch outcome statistics. */
export function registerReportRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  services: { rollouts: RolloutEvaluator; cache: ActivePatchCache },
): void {
  const { router, metrics } = ctx;
  const { rollouts, cache } = services;

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/dev/patch-applications',
      summary: 'SDKs report the patches they applied and whether the retried call succeeded (1-500 per call)',
      tags: TAGS,
      roles: ['sdk'],
      body: PatchApplicationsBodySchema,
      response: PatchApplicationsResponseSchema,
      unstorableText: 'cleaned',
      // One INSERT, made idempotent by report_id. Outside a transaction the answer can read the active
      // patches (which may reload them) without waiting on a transaction of its own.
      transactional: false,
    },
    async ({ body, principal, db, afterCommit }) => {
      await checkPatchesExist(db, body.reports);
      const records = body.reports.map((report) => ({
        ...report,
        sdk_version: report.sdk_version === undefined ? undefined : storableText(report.sdk_version),
        error_encountered: storableText(report.error_encountered),
        context: report.context === undefined ? undefined : storableJson(report.context),
      }));
      const developerId = principal.merchantId ?? principal.name;
      const { rows } = await db.query<{ patch_id: string; sdk_language: string; success: boolean; rollback_triggered: boolean }>(
        INSERT_REPORTS_SQL,
        [JSON.stringify(records), developerId],
      );
      afterCommit(() => {
        for (const row of rows) {
          metrics.patchesTotal.labels(row.sdk_language).inc();
          metrics.applicationsTotal.labels(row.patch_id).inc();
          if (row.rollback_triggered) metrics.rollbacksTotal.labels(row.sdk_language).inc();
          if (!row.success) metrics.failuresTotal.labels(row.patch_id).inc();
        }
        // The rollouts of the patches reported move on (or halt) from the figures just stored.
        rollouts.schedule(rows.map((row) => row.patch_id));
      });
      // What the registry serves now: a halt this batch brings about is decided after it commits, so
      // the batch that crosses the threshold may not carry it; the next one does.
      const answer = { accepted: rows.length, duplicates: body.reports.length - rows.length };
      try {
        return { ...answer, withdrawn: await withdrawnOf(cache, body.reports, developerId) };
      } catch (error) {
        // The reports are what matters: stored and answered without the withdrawals (the next refresh brings them).
        ctx.log.warn({ err: error }, 'sdk reports: the active patches could not be read; answered without withdrawals');
        return answer;
      }
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/dev/patches/stats',
      summary: 'Per patch: applications, successes, rollbacks and their rates over the last hours; unanswered errors',
      tags: TAGS,
      roles: STAFF_ROLES,
      query: PatchStatsQuerySchema,
      response: PatchStatsResponseSchema,
    },
    async ({ query, db }) => {
      const patches = await db.query<{
        patch_id: string;
        sdk_language: string;
        error_signature: string;
        description: string;
        active: boolean;
        applications: number;
        successes: number;
        success_rate: number | null;
        rollbacks: number;
        rollback_rate: number | null;
      }>(
        `SELECT p.id AS patch_id, p.sdk_language, p.error_signature, p.description, p.active,
                count(a.id) AS applications,
                count(a.id) FILTER (WHERE a.success) AS successes,
                avg(CASE WHEN a.success THEN 1.0 ELSE 0.0 END)::float8 AS success_rate,
                count(a.id) FILTER (WHERE a.rollback_triggered) AS rollbacks,
                avg(CASE WHEN a.rollback_triggered THEN 1.0 ELSE 0.0 END)::float8 AS rollback_rate
           FROM sdk_self_healing_registry p
           LEFT JOIN sdk_patch_applications a
             ON a.patch_id = p.id AND a.patch_applied AND a.applied_at > now() - make_interval(hours => $1)
          GROUP BY p.id
          ORDER BY applications DESC, p.created_at DESC, p.id
          LIMIT 500`,
        [query.hours],
      );
      const unpatched = await db.query<{ sdk_language: string; error_pattern: string; occurrences: number }>(
        `SELECT sdk_language, LEFT(error_encountered, 100) AS error_pattern, count(*) AS occurrences
           FROM sdk_patch_applications
          WHERE patch_applied = false AND applied_at > now() - make_interval(hours => $1)
          GROUP BY sdk_language, LEFT(error_encountered, 100)
          ORDER BY occurrences DESC, error_pattern
          LIMIT 20`,
        [query.hours],
      );
      return { hours: query.hours, patches: patches.rows, unpatched_errors: unpatched.rows };
    },
  );
}
