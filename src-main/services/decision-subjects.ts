import type { DecisionKind } from '../../src-shared/ipc/decision-kinds.js';
import { DecisionKindSchema } from '../../src-shared/ipc/decision-kinds.js';
import type { DecisionSubject } from '../../src-shared/ipc/delivery.js';
import type { Repositories } from '../cache/repositories/index.js';

type Namer = (repos: Repositories, targetId: string) => Omit<DecisionSubject, 'kind' | 'id'>;

const NO_PLUGIN = { pluginId: null };

/** How each kind names its target from the cache (a record over every kind, so a new kind must say). */
const NAMERS: Readonly<Record<DecisionKind, Namer>> = {
  log: (repos, logId) => ({ pluginId: repos.logs.get(logId)?.log.plugin_id ?? null }),
  pause: (repos, pauseId) => {
    const pluginId = repos.pauses.get(pauseId)?.row['plugin_id'];
    return { pluginId: typeof pluginId === 'string' ? pluginId : null };
  },
  patch_draft: (repos, draftId) => {
    const stored = repos.drafts.get(draftId);
    const patchId = stored?.draft.patchId ?? stored?.sentPatchId ?? null;
    const patch = patchId === null ? undefined : repos.patches.patch(patchId)?.patch;
    const errorSignature = patch?.error_signature ?? (stored ? signatureInDraft(stored.draft.text) : null);
    return { ...NO_PLUGIN, patch: { patchId, errorSignature, version: null } };
  },
  patch_review: (repos, versionId) => {
    const version = repos.patches.versionById(versionId)?.version;
    return { ...NO_PLUGIN, patch: { patchId: version?.patch_id ?? null, errorSignature: version?.error_signature ?? null, version: version?.version ?? null } };
  },
  patch_service: (repos, patchId) => {
    const patch = repos.patches.patch(patchId)?.patch;
    return { ...NO_PLUGIN, patch: { patchId, errorSignature: patch?.error_signature ?? null, version: patch?.active_version ?? null } };
  },
  patch_rollout: (repos, patchId) => {
    const patch = repos.patches.patch(patchId)?.patch;
    const version = repos.rollouts.rollout(patchId)?.rollout.version ?? null;
    return { ...NO_PLUGIN, patch: { patchId, errorSignature: patch?.error_signature ?? null, version } };
  },
};

/**
 * What a decision of `kind` on `targetId` was taken on, named from the cache: a log or pause with its
 * plugin, a patch draft, version or patch with the patch's error signature and version. Throws for a
 * kind the contract does not list.
 */
export function subjectOf(repos: Repositories, kind: string, targetId: string): DecisionSubject {
  const known = DecisionKindSchema.safeParse(kind);
  if (!known.success) throw new Error(`no decision kind "${kind}" is known to the contract (${DecisionKindSchema.options.join(', ')})`);
  return { kind: known.data, id: targetId, ...NAMERS[known.data](repos, targetId) };
}

/** The error signature a draft's text declares, when it is JSON that declares one. */
function signatureInDraft(text: string): string | null {
  try {
    const parsed: unknown = JSON.parse(text);
    const signature = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)['error_signature'] : undefined;
    return typeof signature === 'string' && signature.trim() !== '' ? signature : null;
  } catch {
    return null;
  }
}
