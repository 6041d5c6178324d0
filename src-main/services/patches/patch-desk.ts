import { mayApproveVersion } from '../../../src-shared/domain/sdk-patch-rules.js';
import type { PatchDecisionReceipt, PatchReviewItem } from '../../../src-shared/ipc/patches.js';
import type { CallState, FailureInput } from '../../../src-shared/patch-engine/dry-run-schema.js';
import type { CompiledPatch } from '../../../src-shared/patch-engine/matcher.js';
import { SdkLanguageSchema } from '../../../src-shared/patch-format.js';
import type { Repositories } from '../../cache/repositories/index.js';
import { patchReviewKind, type ReviewDecision } from '../../outbox/patch-review-kind.js';
import { patchServiceKind, type PatchServiceDecision } from '../../outbox/patch-service-kind.js';
import type { DecisionService } from '../decision-service.js';
import type { DeliveryWatch } from '../delivery-watch.js';
import { notFound, ServiceError } from '../service-error.js';
import { requireRole } from './access.js';
import { compileVersions, runDryRun, servedVersions } from './patch-engine.js';

/** Failures a review item is dry-run on at most. */
const MAX_REVIEW_DRY_RUNS = 5;

/** The call a review's dry runs apply the version's actions to (what the SDK's failed call looked like, typically). */
export const SAMPLE_CALL: CallState = {
  request: { method: 'POST', path: '/v1/payments', headers: { 'content-type': 'application/json' }, body: { amount: '1000', currency: 'XOF' } },
  options: { timeout_ms: 10_000 },
  credential: 'primary',
};

/**
 * Reviews of patch versions (reviewer) and taking patches out of service and back (dev_admin): the
 * review queue as the reviewer sees it, and each decision queued, then answered with what became of
 * its push (`DeliveryWatch`, as for healing-log decisions). Decisions the console can tell are not
 * allowed (the role, the two-person rule, a version no longer waiting) are refused before queuing.
 */
export class PatchDesk {
  constructor(
    private readonly repos: Repositories,
    private readonly decisions: Pick<DecisionService, 'queue'>,
    private readonly watch: Pick<DeliveryWatch, 'deliver'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  reviewQueue(): { items: PatchReviewItem[] } {
    const { patches } = this.repos;
    const tokenId = this.repos.syncState.get().identity?.tokenId;
    const items: PatchReviewItem[] = [];
    // Compiled once for every version's dry runs.
    const served = compileVersions(servedVersions(this.repos));
    for (const pending of patches.pendingVersions()) {
      const { version } = pending;
      const patch = patches.patch(version.patch_id)?.patch;
      if (!patch) continue;
      const active = patch.active_version === null ? undefined : patches.version(patch.id, patch.active_version)?.version;
      items.push({
        patch,
        version,
        activeVersion: active ?? null,
        changeNote: version.change_note ?? version.description,
        ownVersion: tokenId !== undefined && tokenId === version.created_by,
        localState: pending.localState,
        dryRuns: this.dryRunsOf(version, served),
      });
    }
    return { items };
  }

  approve(patchId: string, version: number, comment?: string): Promise<PatchDecisionReceipt> {
    return this.review({ action: 'approve', patchId, version, ...(comment !== undefined ? { comment } : {}) });
  }

  reject(patchId: string, version: number, reason: string): Promise<PatchDecisionReceipt> {
    return this.review({ action: 'reject', patchId, version, reason });
  }

  deactivate(patchId: string, reason?: string): Promise<PatchDecisionReceipt> {
    return this.service(patchId, { action: 'deactivate', ...(reason !== undefined ? { reason } : {}) });
  }

  reactivate(patchId: string, reason?: string): Promise<PatchDecisionReceipt> {
    return this.service(patchId, { action: 'reactivate', ...(reason !== undefined ? { reason } : {}) });
  }

  private review(decision: ReviewDecision): Promise<PatchDecisionReceipt> {
    const identity = this.repos.syncState.get().identity;
    requireRole(identity, 'review');
    const cached = this.repos.patches.version(decision.patchId, decision.version)?.version;
    if (!cached) throw notFound('version of SDK patch', `${decision.patchId} v${decision.version}`);
    const { item } = this.decisions.queue(patchReviewKind.kind, cached.id, decision, () => {
      // The two-person rule is the server's too; refused here so nothing is queued to be refused.
      const verdict = decision.action === 'approve' && identity?.tokenId !== undefined ? mayApproveVersion(cached, identity.tokenId) : cached.status === 'pending_review' ? 'ok' : 'not_pending';
      if (verdict === 'own_version') {
        throw new ServiceError('forbidden', 'own_patch_version', `two-person rule: you wrote version ${cached.version} of this patch, so another reviewer must approve it`);
      }
      if (verdict === 'not_pending') {
        throw new ServiceError('conflict', 'version_not_pending', `version ${cached.version} is ${cached.status}; only a version waiting for review can be approved or rejected`);
      }
    });
    return this.receipt(item.id, decision.patchId);
  }

  private service(patchId: string, decision: PatchServiceDecision): Promise<PatchDecisionReceipt> {
    requireRole(this.repos.syncState.get().identity, 'write');
    const { item } = this.decisions.queue(patchServiceKind.kind, patchId, decision);
    return this.receipt(item.id, patchId);
  }

  private async receipt(outboxId: number, patchId: string | null): Promise<PatchDecisionReceipt> {
    const [delivery] = await this.watch.deliver([outboxId]);
    return { outboxId, patchId, delivery: delivery! };
  }

  /**
   * The version dry-run on the cached unanswered errors of its language that it matches (a few),
   * ranked among the served patches as if approved now: it stands in for its patch's active version.
   */
  private dryRunsOf(version: PatchReviewItem['version'], served: readonly CompiledPatch[]): PatchReviewItem['dryRuns'] {
    const runs: PatchReviewItem['dryRuns'] = [];
    const now = this.now();
    const candidates = [...served.filter((patch) => patch.candidate.patch_id !== version.patch_id), { ...version, reviewed_at: now.toISOString() }];
    for (const lookup of this.repos.fieldStats.unpatched()) {
      if (runs.length >= MAX_REVIEW_DRY_RUNS) break;
      if (lookup.sdk_language !== version.sdk_language) continue;
      const failure = failureOf(lookup);
      if (!failure) continue;
      try {
        const result = runDryRun({ versions: candidates, failure, call: SAMPLE_CALL, now });
        if (result.matches.some((m) => m.patch_id === version.patch_id && m.version === version.version)) {
          runs.push({ failure, occurrences: lookup.occurrences, result });
        }
      } catch {
        // No dry run in this build: the queue is shown without it.
        return runs;
      }
    }
    return runs;
  }
}

/** An unanswered lookup as the failure a dry run takes (null for a language the SDKs do not have). */
export function failureOf(lookup: { sdk_language: string; status: number | null; error_code: string | null; error_pattern: string }): FailureInput | null {
  const language = SdkLanguageSchema.safeParse(lookup.sdk_language);
  if (!language.success) return null;
  return {
    sdk_language: language.data,
    ...(lookup.status !== null && lookup.status >= 100 && lookup.status <= 599 ? { status: lookup.status } : {}),
    ...(lookup.error_code !== null && lookup.error_code !== '' ? { error_code: lookup.error_code.slice(0, 100) } : {}),
    message: lookup.error_pattern,
  };
}
