// The rules of an SDK patch as the registry, the console and the runbook read them, written once: the
// state a patch is in, when a rate is worth showing, the runbook's alert thresholds and the two-person
// rule of review. The server enforces the review rule; the console shows all of them.

/**
 * A patch's state as people speak of it:
 * - `draft`: written on this workstation, never submitted (local only);
 * - `in_review`: submitted, no version approved yet;
 * - `active`: a version is approved and served;
 * - `retired`: nothing is served (every version was rejected, superseded or retired);
 * - `deactivated`: a dev_admin took it out of service; no version can be approved until reactivated.
 */
export const PATCH_STATES = ['draft', 'in_review', 'active', 'retired', 'deactivated'] as const;
export type PatchState = (typeof PATCH_STATES)[number];

/** What the state of a registry patch is read from. */
export interface PatchStateInput {
  active: boolean;
  active_version: number | null;
  deactivated_at: string | null;
  /** Whether one of its versions waits for review. */
  hasPendingVersion: boolean;
}

/** The state of a patch the registry holds (never `draft`: drafts live on the workstation). */
export function patchStateOf(patch: PatchStateInput): Exclude<PatchState, 'draft'> {
  if (patch.deactivated_at !== null) return 'deactivated';
  if (patch.active && patch.active_version !== null) return 'active';
  if (patch.active_version === null && patch.hasPendingVersion) return 'in_review';
  return 'retired';
}

/** The runbook shows a rollback rate only for patches applied more than this many times in 24 hours. */
export const MIN_APPLICATIONS_FOR_RATE = 10;
/** The runbook's alert: more than 20 % of applications rolled back. */
export const ROLLBACK_RATE_ALERT = 0.2;
/** The runbook's alert: more than half of a patch's applications failed. */
export const FAILURE_RATE_ALERT = 0.5;

/** A rate worth showing: the share of `count` in `applications`, or null with too few applications. */
export function shownRate(count: number, applications: number, minApplications = MIN_APPLICATIONS_FOR_RATE): number | null {
  return applications > minApplications ? count / applications : null;
}

/** The runbook alerts a patch's figures raise. */
export type PatchAlert = 'rollback_rate' | 'failure_rate';

export function patchAlerts(stats: { rollback_rate_24h: number | null; failure_rate_1h: number | null }): PatchAlert[] {
  const alerts: PatchAlert[] = [];
  if (stats.rollback_rate_24h !== null && stats.rollback_rate_24h > ROLLBACK_RATE_ALERT) alerts.push('rollback_rate');
  if (stats.failure_rate_1h !== null && stats.failure_rate_1h > FAILURE_RATE_ALERT) alerts.push('failure_rate');
  return alerts;
}

/**
 * The two-person rule: a version is approved by someone other than its author. `tokenId` is the
 * reviewer's token (`created_by` of a version is its author's token id).
 */
export function mayApproveVersion(version: { created_by: string; status: string }, reviewerTokenId: string): 'ok' | 'own_version' | 'not_pending' {
  if (version.status !== 'pending_review') return 'not_pending';
  if (version.created_by === reviewerTokenId) return 'own_version';
  return 'ok';
}
