import { logDecisionKind } from './log-decision-kind.js';
import type { OutboxKind } from './outbox-kind.js';
import { patchAuthoringKind } from './patch-authoring-kind.js';
import { patchReviewKind } from './patch-review-kind.js';
import { patchRolloutKind } from './patch-rollout-kind.js';
import { patchServiceKind } from './patch-service-kind.js';
import { pauseResumeKind } from './pause-resume-kind.js';

/** The kinds of decision the console queues offline today; a new kind is one module added here. */
export const OUTBOX_KINDS: readonly OutboxKind[] = [logDecisionKind, pauseResumeKind, patchAuthoringKind, patchReviewKind, patchServiceKind, patchRolloutKind];

/** The kinds registered with one cache's outbox, by the key stored with their items. */
export class OutboxKinds {
  private readonly byKey = new Map<string, OutboxKind>();

  constructor(kinds: readonly OutboxKind[] = OUTBOX_KINDS) {
    for (const kind of kinds) {
      if (this.byKey.has(kind.kind)) throw new Error(`outbox kind "${kind.kind}" is registered twice`);
      this.byKey.set(kind.kind, kind);
    }
  }

  /** The kind of an item or conflict; throws for a key no module registered. */
  of(key: string): OutboxKind {
    const kind = this.byKey.get(key);
    if (!kind) throw new Error(`no outbox kind "${key}" is registered`);
    return kind;
  }

  all(): OutboxKind[] {
    return [...this.byKey.values()];
  }
}
