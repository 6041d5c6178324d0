import type { FastifyInstance } from 'fastify';
import { applyCodePatch, codeLanguageOf, codePatchFields } from '../../src-shared/domain/code-patch.js';
import { changedTopLevelKeys, mergeStateChanges } from '../../src-shared/domain/merge-patch.js';
import { STAFF_ROLES } from '../../src-shared/domain/roles.js';
import { LogIdParamsSchema, type HealingLog } from '../../src-shared/schemas/autoheal.js';
import type { JsonObject } from '../../src-shared/schemas/common.js';
import type { Plugin } from '../../src-shared/schemas/plugins.js';
import { PatchPreviewSchema, type PatchPreview } from '../../src-shared/schemas/preview.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { defineRoute } from '../http/route.js';
import type { SnapshotData } from './apply.js';
import { findExcerpt } from './code-excerpts.js';
import { readableLog } from './logs-query.js';

type Head = Pick<PatchPreview, 'log_id' | 'log_version' | 'computed_at'>;

/** The patch's file and the excerpt's name the same file when one path ends with the other. */
function sameFile(a: string, b: string): boolean {
  const strip = (path: string) => path.replace(/^\/+/, '');
  const [x, y] = [strip(a), strip(b)];
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

async function codePreview(db: Queryable, head: Head, log: HealingLog): Promise<PatchPreview> {
  const fields = codePatchFields(log.proposed_patch);
  const file = typeof log.proposed_patch.file === 'string' ? log.proposed_patch.file : 'the file';
  const excerpt = await findExcerpt(db, log.id);
  if (!excerpt) {
    return {
      ...head,
      kind: 'none',
      reason: 'no_excerpt',
      message: `The plugin's error report carried no excerpt of ${file}, so the code this patch changes cannot be shown before it is applied.`,
    };
  }
  const last = excerpt.start_line + excerpt.lines.length - 1;
  if (!fields) {
    return {
      ...head,
      kind: 'none',
      reason: 'search_not_in_excerpt',
      message: 'This code patch does not say which text it replaces (it has no file, search and replace), so its change cannot be shown.',
    };
  }
  const result = sameFile(fields.file, excerpt.file) ? applyCodePatch(excerpt, fields) : null;
  if (!result || result.replacements === 0) {
    return {
      ...head,
      kind: 'none',
      reason: 'search_not_in_excerpt',
      message: result
        ? `The excerpt of ${excerpt.file} (lines ${excerpt.start_line}–${last}) does not contain the text this patch replaces, so its change cannot be shown.`
        : `The error report's excerpt is of ${excerpt.file}, but this patch changes ${fields.file}, so its change cannot be shown.`,
    };
  }
  return {
    ...head,
    kind: 'code',
    file: excerpt.file,
    language: codeLanguageOf(excerpt.file),
    start_line: excerpt.start_line,
    failing_line: excerpt.failing_line,
    before_lines: result.before,
    after_lines: result.after,
    replacements: result.replacements,
  };
}

function nothingToChange(head: Head, log: HealingLog): PatchPreview {
  const what =
    log.patch_type === 'notification'
      ? 'This patch sends a notification'
      : log.patch_type === 'dependency_update'
        ? 'This patch asks for a dependency update, which the merchant carries out'
        : 'This patch carries no state changes';
  return { ...head, kind: 'none', reason: 'nothing_to_change', message: `${what}: it changes no plugin state and no code.` };
}

/**
 * What a log's patch changes, computed with the code that applies it. Once the patch reached
 * `applying` (a snapshot exists), the snapshot's state against the state the apply wrote; before
 * that, the plugin's latest reported state against the shared merge patch of it, which is exactly
 * what an apply would write now. Code patches are shown on the excerpt the plugin's error carried.
 */
export async function computePreview(db: Queryable, log: HealingLog, plugin: Plugin): Promise<PatchPreview> {
  const head: Head = { log_id: log.id, log_version: log.version, computed_at: new Date().toISOString() };
  const patch = log.proposed_patch;
  if (log.patch_type === 'code_patch' || patch.type === 'code_patch') return codePreview(db, head, log);
  const changes = patch.state_changes;
  if (!changes || Object.keys(changes).length === 0) return nothingToChange(head, log);

  let before: JsonObject;
  let after: JsonObject;
  let baseAt: string | null;
  const snapshot = log.snapshot_id
    ? (await db.query<{ snapshot_data: SnapshotData; created_at: string }>('SELECT snapshot_data, created_at FROM plugin_snapshots WHERE id = $1', [log.snapshot_id]))
        .rows[0]
    : undefined;
  if (snapshot) {
    before = snapshot.snapshot_data.state;
    after = log.patched_state ?? mergeStateChanges(before, changes);
    baseAt = snapshot.created_at;
  } else {
    if (Object.keys(plugin.state).length === 0) {
      return {
        ...head,
        kind: 'none',
        reason: 'no_known_state',
        message: `Plugin ${plugin.id} has reported no state yet and no snapshot of it exists, so there is nothing to compare this patch with.`,
      };
    }
    before = plugin.state;
    after = mergeStateChanges(before, changes);
    baseAt = plugin.updated_at;
  }
  const changedKeys = changedTopLevelKeys(before, after);
  const unchangedReason =
    changedKeys.length > 0
      ? null
      : snapshot
        ? 'The plugin already held these values when the patch was applied (see the pre-patch snapshot), so applying it changed nothing.'
        : 'The plugin already reports these values, so applying this patch would change nothing.';
  return {
    ...head,
    kind: 'state',
    base: snapshot ? 'snapshot' : 'reported_state',
    base_at: baseAt,
    before,
    after,
    changed_keys: changedKeys,
    unchanged_reason: unchangedReason,
  };
}

/** `GET /api/v1/plugins/autoheal/:id/preview`: read by whoever may read the log. */
export function registerPreviewRoute(app: FastifyInstance, ctx: ServerContext): void {
  defineRoute(
    app,
    ctx.router,
    {
      method: 'GET',
      url: '/api/v1/plugins/autoheal/:id/preview',
      summary: "What a healing log's patch changes: plugin state before and after, a code diff of the reported excerpt, or why there is none",
      tags: ['autoheal'],
      roles: [...STAFF_ROLES, 'merchant'],
      params: LogIdParamsSchema,
      response: PatchPreviewSchema,
      etag: (preview) => preview.log_version,
    },
    async ({ params, principal, db }) => {
      const { log, plugin } = await readableLog(db, params.id, principal);
      return computePreview(db, log, plugin);
    },
  );
}
