import type { TestServer } from '../testing/harness.js';
import { createApprovedPatch, patchBody, uniqueCode } from './testing.js';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LANGUAGES = ['node', 'python', 'php'] as const;

/**
 * One patch's traffic, by window, chosen so every runbook ranking is free of ties (a tie would let
 * the runbook's own SQL, which breaks none, answer in any order):
 * - `lastHour` applications 5-50 minutes old, `failedLastHour` of them failed;
 * - `day` more applications 2-23 hours old, `rolledBack` of them rolled back (and failed);
 * - `week` more applications 2-6 days old (all succeeded);
 * - `lookups` self-heal lookups it answered in the last hour.
 */
export interface PatchTraffic {
  lastHour: number;
  failedLastHour: number;
  day: number;
  rolledBack: number;
  week: number;
  lookups: number;
}

// 7-day totals 30, 25, 19, 16, 22, 13, 9, 7, 11, 5, 3, 1 (the runbook's top 10 leaves the last two out);
// patches 0-4 have more than 10 applications in 24 hours, with rollback rates 40, 11.8, 50, 7.1 and 23.5 %,
// patch 5 exactly 10 (left out);
// failures in the last hour 1, 2, 3 and 5 (patch 4: all five failed).
export const PATCH_TRAFFIC: readonly PatchTraffic[] = [
  { lastHour: 0, failedLastHour: 0, day: 20, rolledBack: 8, week: 10, lookups: 0 },
  { lastHour: 2, failedLastHour: 1, day: 15, rolledBack: 2, week: 8, lookups: 3 },
  { lastHour: 3, failedLastHour: 2, day: 11, rolledBack: 7, week: 5, lookups: 4 },
  { lastHour: 4, failedLastHour: 3, day: 10, rolledBack: 1, week: 2, lookups: 0 },
  { lastHour: 5, failedLastHour: 5, day: 12, rolledBack: 4, week: 5, lookups: 6 },
  { lastHour: 0, failedLastHour: 0, day: 10, rolledBack: 1, week: 3, lookups: 0 },
  { lastHour: 1, failedLastHour: 0, day: 0, rolledBack: 0, week: 8, lookups: 1 },
  { lastHour: 0, failedLastHour: 0, day: 0, rolledBack: 0, week: 7, lookups: 0 },
  { lastHour: 0, failedLastHour: 0, day: 2, rolledBack: 0, week: 9, lookups: 0 },
  { lastHour: 0, failedLastHour: 0, day: 0, rolledBack: 0, week: 5, lookups: 0 },
  { lastHour: 0, failedLastHour: 0, day: 0, rolledBack: 0, week: 3, lookups: 0 },
  { lastHour: 0, failedLastHour: 0, day: 0, rolledBack: 0, week: 1, lookups: 2 },
];

/** Patches seeded and deactivated at once (they stay in the figures, not in the active count). */
export const DEACTIVATED_PATCHES = [7, 10];
/** Applications 8 days old (outside every window), many, on the least used patch. */
export const STALE_APPLICATIONS = 40;
/** Groups of unanswered errors: group g occurs g + 1 times (22 groups, the runbook lists 20). */
export const UNPATCHED_GROUPS = 22;
/** The prefix the last group's messages share: two messages that differ only after 100 characters. */
export const LONG_PREFIX = `card_declined_soft: the issuer declined the payment for now; ask the customer to retry later ${'x'.repeat(20)}`;

export interface SeededPatch {
  id: string;
  language: string;
  traffic: PatchTraffic;
}

interface ApplicationRow {
  patch_id: string | null;
  developer_id: string;
  sdk_language: string;
  error_encountered: string;
  success: boolean;
  rollback_triggered: boolean;
  patch_applied: boolean;
  age_s: number;
}

interface LookupRow {
  developer_id: string;
  sdk_language: string;
  error_message: string;
  status: number | null;
  error_code: string | null;
  patch_id: string | null;
  age_s: number;
}

/** The message, status and code of unanswered group `g`. */
export function unpatchedError(g: number): { language: string; message: string; status: number | null; error_code: string | null } {
  const language = LANGUAGES[g % LANGUAGES.length]!;
  if (g === UNPATCHED_GROUPS - 1) return { language, message: LONG_PREFIX, status: 402, error_code: 'card_declined_soft' };
  return { language, message: `unanswered error number ${g}`, status: g % 2 === 0 ? 400 + g : null, error_code: g % 4 === 0 ? `code_${g}` : null };
}

/**
 * Developers for rows of the last 7 days: each (developer, language) group gets a size no other group
 * has, so the runbook's "errors per developer" ranking has no ties.
 */
function assignDevelopers(rows: ApplicationRow[]): void {
  let size = 1;
  for (const language of LANGUAGES) {
    const mine = rows.filter((row) => row.sdk_language === language);
    let group = 0;
    let start = 0;
    while (start < mine.length) {
      const remaining = mine.length - start;
      // The last group takes what is left, so it is larger than every group before it.
      const take = remaining < 2 * size + 1 ? remaining : size;
      for (const row of mine.slice(start, start + take)) row.developer_id = `dev-${language}-${group}`;
      start += take;
      group += 1;
      size = Math.max(size, take) + 1;
    }
  }
}

/**
 * Seeds the registry and its telemetry on a fresh test server: the patches of PATCH_TRAFFIC (approved
 * through the API, two then deactivated), their applications and lookups at known ages, stale rows
 * outside every window, and the unanswered errors both as lookups and as runbook rows.
 */
export async function seedFieldData(server: TestServer): Promise<SeededPatch[]> {
  const patches: SeededPatch[] = [];
  for (const [index, traffic] of PATCH_TRAFFIC.entries()) {
    const language = LANGUAGES[index % LANGUAGES.length]!;
    const body = patchBody(uniqueCode(`field${index}`), { sdk_language: language, description: `Field patch ${index}` });
    const { patch } = await createApprovedPatch(server, body);
    if (DEACTIVATED_PATCHES.includes(index)) await server.request('DELETE', `/api/dev/patches/${patch.id}`, { as: 'dev_admin' });
    patches.push({ id: patch.id, language, traffic });
  }

  const recent: ApplicationRow[] = [];
  const lookups: LookupRow[] = [];
  const applied = (patch: SeededPatch, age: number, success: boolean, rollback = false): ApplicationRow => ({
    patch_id: patch.id,
    developer_id: '',
    sdk_language: patch.language,
    error_encountered: '429 Too Many Requests',
    success,
    rollback_triggered: rollback,
    patch_applied: true,
    age_s: age,
  });
  for (const patch of patches) {
    const t = patch.traffic;
    for (let i = 0; i < t.lastHour; i++) recent.push(applied(patch, 5 * MINUTE + i * 90, i >= t.failedLastHour));
    for (let i = 0; i < t.day; i++) recent.push(applied(patch, 2 * HOUR + i * 600, i >= t.rolledBack, i < t.rolledBack));
    for (let i = 0; i < t.week; i++) recent.push(applied(patch, 2 * DAY + i * 3600, true));
    for (let i = 0; i < t.lookups; i++) {
      lookups.push({ developer_id: 'dev-looker', sdk_language: patch.language, error_message: '429', status: 429, error_code: null, patch_id: patch.id, age_s: 2 * MINUTE + i * 60 });
    }
    // Answered 2 hours ago: counts for "last seen", not for the last hour's lookups.
    lookups.push({ developer_id: 'dev-looker', sdk_language: patch.language, error_message: '429', status: 429, error_code: null, patch_id: patch.id, age_s: 2 * HOUR });
  }
  for (let g = 0; g < UNPATCHED_GROUPS; g++) {
    const error = unpatchedError(g);
    for (let i = 0; i <= g; i++) {
      // The long group's two messages differ only after 100 characters: they group together.
      const message = g === UNPATCHED_GROUPS - 1 ? `${error.message}${i % 2 === 0 ? ' (first)' : ' (second)'}` : error.message;
      const age = HOUR + g * 300 + i * 7;
      recent.push({
        patch_id: null,
        developer_id: '',
        sdk_language: error.language,
        error_encountered: message,
        success: false,
        rollback_triggered: false,
        patch_applied: false,
        age_s: age,
      });
      lookups.push({ developer_id: `dev-unanswered-${i % 3}`, sdk_language: error.language, error_message: message, status: error.status, error_code: error.error_code, patch_id: null, age_s: age });
    }
  }
  assignDevelopers(recent);

  const least = patches.at(-1)!;
  const stale: ApplicationRow[] = Array.from({ length: STALE_APPLICATIONS }, (_, i) => ({
    ...applied(least, 8 * DAY + i * 60, false, true),
    developer_id: 'dev-stale',
  }));
  const staleUnanswered = Array.from({ length: STALE_APPLICATIONS }, () => ({ ...recent.at(-1)!, error_encountered: 'stale unanswered error', developer_id: 'dev-stale', age_s: 8 * DAY }));
  await server.db.query(
    `INSERT INTO sdk_patch_applications
       (patch_id, patch_version, developer_id, sdk_language, error_encountered, success, rollback_triggered, patch_applied, applied_at)
     SELECT patch_id, CASE WHEN patch_id IS NULL THEN NULL ELSE 1 END, developer_id, sdk_language, error_encountered, success,
            rollback_triggered, patch_applied, now() - make_interval(secs => age_s)
       FROM jsonb_to_recordset($1::jsonb) AS x(patch_id uuid, developer_id text, sdk_language text, error_encountered text,
            success boolean, rollback_triggered boolean, patch_applied boolean, age_s double precision)`,
    [JSON.stringify([...recent, ...stale, ...staleUnanswered])],
  );
  const staleLookups = Array.from({ length: STALE_APPLICATIONS }, () => ({ ...lookups.at(-1)!, error_message: 'stale unanswered error', age_s: 8 * DAY }));
  await server.db.query(
    `INSERT INTO sdk_self_heal_lookups (developer_id, sdk_language, error_message, status, error_code, patch_id, patch_version, looked_up_at)
     SELECT developer_id, sdk_language, error_message, status, error_code, patch_id, CASE WHEN patch_id IS NULL THEN NULL ELSE 1 END,
            now() - make_interval(secs => age_s)
       FROM jsonb_to_recordset($1::jsonb) AS x(developer_id text, sdk_language text, error_message text, status integer,
            error_code text, patch_id uuid, age_s double precision)`,
    [JSON.stringify([...lookups, ...staleLookups])],
  );
  return patches;
}
