import { randomUUID } from 'node:crypto';
import { MAX_MESSAGE_PATTERN_LENGTH } from '../../../src-shared/patch-format.js';
import type { IpcResponse } from '../../../src-shared/ipc/contract.js';
import type { PatchDraft } from '../../../src-shared/ipc/patches.js';
import type { CallState, FailureInput } from '../../../src-shared/patch-engine/dry-run-schema.js';
import type { Repositories } from '../../cache/repositories/index.js';
import type { StoredDraft } from '../../cache/repositories/patch-drafts-repo.js';
import { patchAuthoringKind } from '../../outbox/patch-authoring-kind.js';
import type { DecisionService } from '../decision-service.js';
import type { DeliveryWatch } from '../delivery-watch.js';
import { notFound, ServiceError } from '../service-error.js';
import { requireRole } from './access.js';
import { draftTextOf, judgeDraft, runDryRun, servedVersions, versionDocument } from './patch-engine.js';

/**
 * Patch drafts on this workstation (dev_admin): created blank, as the next version of a registry
 * patch, or from an unanswered SDK error; saved as typed and judged by the shared patch format;
 * submitted through the outbox once the format accepts them (a refused draft never reaches it).
 * Also the dry run, which sends nothing.
 */
export class DraftService {
  constructor(
    private readonly repos: Repositories,
    private readonly decisions: Pick<DecisionService, 'queue'>,
    private readonly watch: Pick<DeliveryWatch, 'deliver'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): { drafts: PatchDraft[] } {
    return { drafts: this.repos.drafts.open().map((d) => d.draft) };
  }

  get(draftId: string): PatchDraft {
    return this.stored(draftId).draft;
  }

  create(request: { patchId?: string; fromFailure?: FailureInput }): PatchDraft {
    requireRole(this.repos.syncState.get().identity, 'write');
    const at = this.now().toISOString();
    let content: Record<string, unknown>;
    let patchId: string | null = null;
    let baseVersion: number | null = null;
    if (request.patchId !== undefined) {
      const patch = this.repos.patches.patch(request.patchId)?.patch;
      if (!patch) throw notFound('SDK patch', request.patchId);
      const versions = this.repos.patches.versionsOf(patch.id).map((v) => v.version);
      const base = versions.find((v) => v.version === patch.active_version) ?? versions[0];
      if (!base) throw notFound('version of SDK patch', patch.id);
      content = versionDocument(base);
      patchId = patch.id;
      baseVersion = base.version;
    } else {
      content = template(request.fromFailure);
    }
    const draft: PatchDraft = { id: randomUUID(), patchId, baseVersion, text: draftTextOf(content), changeNote: '', createdAt: at, savedAt: at, submittedAt: null };
    this.repos.drafts.insert(draft);
    return draft;
  }

  save(draftId: string, text: string, changeNote: string): IpcResponse<'ops:drafts.save'> {
    this.editable(draftId);
    this.repos.drafts.save(draftId, text, changeNote, this.now().toISOString());
    const verdict = judgeDraft(text);
    return { draft: this.stored(draftId).draft, problems: verdict.ok ? [] : verdict.problems };
  }

  delete(draftId: string): { deleted: boolean } {
    const stored = this.repos.drafts.get(draftId);
    if (stored && stored.localState !== 'synced') {
      throw new ServiceError('conflict', 'outbox_item_queued', 'this draft’s submission is still in the outbox; dismiss it there first');
    }
    return { deleted: this.repos.drafts.delete(draftId) };
  }

  async submit(draftId: string, changeNote: string): Promise<IpcResponse<'ops:drafts.submit'>> {
    requireRole(this.repos.syncState.get().identity, 'write');
    const stored = this.editable(draftId);
    const verdict = judgeDraft(stored.draft.text);
    if (!verdict.ok) return { ok: false, problems: verdict.problems };
    const { patchId } = stored.draft;
    const decision = { action: patchId === null ? 'create' : 'update', patchId, body: verdict.body, change_note: changeNote };
    const { item } = this.decisions.queue(patchAuthoringKind.kind, draftId, decision, () =>
      this.repos.drafts.markSubmitted(draftId, changeNote, this.now().toISOString()),
    );
    const [delivery] = await this.watch.deliver([item.id]);
    return { ok: true, receipt: { outboxId: item.id, patchId: patchId ?? this.repos.drafts.get(draftId)?.sentPatchId ?? null, delivery: delivery! } };
  }

  /**
   * Which cached active patches (and the draft) match the failure, and what the served one does to
   * the call. A draft of a new version of `patchId` stands in for that patch's active version.
   */
  dryRun(request: { draftText?: string; patchId?: string; failure: FailureInput; call: CallState }): IpcResponse<'ops:patches.dryRun'> {
    if (request.patchId !== undefined && !this.repos.patches.patch(request.patchId)) throw notFound('SDK patch', request.patchId);
    let draft;
    if (request.draftText !== undefined) {
      const verdict = judgeDraft(request.draftText);
      if (!verdict.ok) return { ok: false, problems: verdict.problems };
      draft = verdict.body;
    }
    const patchId = request.patchId ?? null;
    const result = runDryRun({ versions: servedVersions(this.repos), ...(draft ? { draft: { body: draft, patchId } } : {}), failure: request.failure, call: request.call, now: this.now() });
    return { ok: true, result };
  }

  /**
   * The draft, refused while its submission is in the outbox, in conflict or accepted. A submission
   * dismissed from the outbox gives the draft back for editing.
   */
  private editable(draftId: string): StoredDraft {
    const stored = this.stored(draftId);
    if (stored.draft.submittedAt === null) return stored;
    if (stored.localState !== 'synced' || stored.sentPatchId !== null) {
      throw new ServiceError('conflict', 'draft_submitted', 'this draft was submitted for review; open a new draft to change the patch again');
    }
    this.repos.drafts.markSubmitted(draftId, stored.draft.changeNote, null);
    return this.stored(draftId);
  }

  private stored(draftId: string): StoredDraft {
    const stored = this.repos.drafts.get(draftId);
    if (!stored) throw notFound('patch draft', draftId);
    return stored;
  }
}

/** A new patch's starting text: blank, or matching an unanswered error. */
function template(failure: FailureInput | undefined): Record<string, unknown> {
  const language = failure?.sdk_language ?? 'node';
  const match: Record<string, unknown> = { sdk_language: language };
  if (failure?.status !== undefined) match['status'] = failure.status;
  if (failure?.error_code !== undefined) match['error_code'] = failure.error_code;
  if (failure && failure.message.trim() !== '') match['message_pattern'] = literalPattern(failure.message);
  return { sdk_language: language, error_signature: failure?.error_code ?? '', description: '', severity: 'medium', match, actions: [] };
}

/** A pattern matching `message` literally (RE2 syntax), cut to the longest pattern accepted. */
export function literalPattern(message: string): string {
  let pattern = '';
  for (const char of message) {
    const escaped = /[\\^$.|?*+()[\]{}]/.test(char) ? `\\${char}` : char;
    if (pattern.length + escaped.length > MAX_MESSAGE_PATTERN_LENGTH) break;
    pattern += escaped;
  }
  return pattern;
}
