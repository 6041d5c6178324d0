// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conflict } from '../../../../src-shared/ipc/conflicts.js';
import type { OpsApi } from '../../../../src-shared/ipc/contract.js';
import { BridgeProvider } from '../../../infra/bridge-context.js';
import { decisionNotice } from '../../../infra/decision-notice.js';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import type { Locale } from '../../../infra/i18n/locale-store.js';
import { createQueryClient } from '../../../infra/query-client.js';
import { ConflictCard } from './ConflictCard.js';

const PAUSE_ID = '22222222-0000-4000-8000-000000000001';

const pauseConflict: Conflict = {
  id: 7,
  kind: 'pause',
  targetId: PAUSE_ID,
  subject: { kind: 'pause', id: PAUSE_ID, pluginId: 'plugin-1' },
  logId: null,
  pauseId: PAUSE_ID,
  mine: { decision: { action: 'resume' }, baseVersion: 1, decidedAt: '2026-01-02T10:00:00.000Z' },
  theirs: { id: PAUSE_ID, rule_name: 'missing_database_column', plugin_id: 'plugin-1', version: 2, paused_by: 'ops one', resumed_by: null, resumed_at: null },
  error: { code: 'stale_version', message: 'pause is at version 2, not 1' },
  createdAt: '2026-01-02T10:05:00.000Z',
};

function renderCard(conflict: Conflict, locale: Locale = 'en') {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const api = {
    async invoke(channel: string, request: unknown) {
      calls.push({ channel, request });
      return { ok: true, data: { resolution: (request as { resolution: string }).resolution, outboxId: null } };
    },
    on: () => () => undefined,
  } as unknown as OpsApi;
  render(
    <I18nProvider locale={locale}>
      <QueryClientProvider client={createQueryClient()}>
        <BridgeProvider api={api}>
          <ConflictCard conflict={conflict} />
        </BridgeProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
  return calls;
}

/** Clicks keep mine, take theirs and discard in turn; each asks main to resolve conflict `id` that way. */
async function expectEachChoiceResolves(calls: ReturnType<typeof renderCard>, id: number) {
  for (const [button, resolution] of [
    ['conflict-keep-mine', 'keep_mine'],
    ['conflict-take-theirs', 'take_theirs'],
    ['conflict-discard', 'discard'],
  ] as const) {
    fireEvent.click(screen.getByTestId(button));
    await waitFor(() => expect(calls.at(-1)).toEqual({ channel: 'ops:conflicts.resolve', request: { id, resolution } }));
  }
}

describe('a conflict card for an auto-apply pause', () => {
  afterEach(cleanup);

  it('names the pause, shows the resume beside the server’s pause now, and resolves through the same three choices', async () => {
    const calls = renderCard(pauseConflict);
    const card = screen.getByTestId('conflict-card');
    expect(card.getAttribute('data-pause-id')).toBe(PAUSE_ID);
    expect(card.hasAttribute('data-log-id')).toBe(false);
    expect(card.querySelector('h2')?.textContent).toBe(`Auto-apply pause ${PAUSE_ID}`);
    expect(screen.getByTestId('conflict-mine').textContent).toContain('resume auto-apply');
    expect(screen.getByTestId('theirs-rule_name').textContent).toBe('missing_database_column');
    expect(screen.getByTestId('theirs-version').textContent).toBe('2');
    expect(screen.getByTestId('theirs-resumed_at').textContent).toBe('—');
    expect(screen.queryByTestId('theirs-status')).toBeNull();

    await expectEachChoiceResolves(calls, 7);
  });
});

const LOG_ID = '11111111-0000-4000-8000-000000000001';
const logConflict: Conflict = {
  id: 8,
  kind: 'log',
  targetId: LOG_ID,
  subject: { kind: 'log', id: LOG_ID, pluginId: null },
  logId: LOG_ID,
  pauseId: null,
  mine: { decision: { action: 'reject', reason: 'colonne absente' }, baseVersion: 3, decidedAt: '2026-01-02T10:00:00.000Z' },
  theirs: { id: LOG_ID, status: 'rejected', version: 1234, approvals: [], rejection_reason: 'déjà traité', applied_by: null, rolled_back_by: null, updated_at: '2026-01-02T10:04:00.000Z' },
  error: { code: 'stale_version', message: 'log is at version 1234, not 3' },
  createdAt: '2026-01-02T10:05:00.000Z',
} as unknown as Conflict;

describe('a conflict card in French', () => {
  afterEach(cleanup);

  it('words the decision, the server’s refusal by its code with the message as detail, the row’s fields and the choices in French', () => {
    renderCard(logConflict, 'fr');
    const card = screen.getByTestId('conflict-card');
    expect(card.querySelector('h2')?.textContent).toBe(`Journal ${LOG_ID}`);
    expect(screen.getByTestId('conflict-error').textContent).toBe(
      'Le serveur a refusé votre décision : Quelqu’un a modifié cet élément sur le backend entre-temps. (backend : log is at version 1234, not 3)',
    );
    expect(screen.getByTestId('conflict-mine').textContent).toContain('rejeter : « colonne absente »');
    expect(screen.getByTestId('conflict-mine').textContent).toContain('prise sur la version 3, le ');
    expect(screen.getByTestId('theirs-status').textContent).toBe('rejeté');
    expect(screen.getByTestId('theirs-approvals').textContent).toBe('aucune');
    // French grouping: a narrow no-break space between thousands.
    expect(screen.getByTestId('theirs-version').textContent).toBe('1\u202f234');
    expect(screen.getByTestId('theirs-updated_at').textContent).toMatch(/2 janv\. 2026/);
    expect(screen.getByTestId('conflict-keep-mine').textContent).toBe('Garder ma décision');
    expect(screen.getByTestId('conflict-take-theirs').textContent).toBe('Prendre celle du serveur');
    expect(screen.getByTestId('conflict-discard').textContent).toBe('Abandonner');
    expect(card.textContent).not.toMatch(/\b(?:Keep|Take|Discard|taken on|The server)\b/);
  });
});

const PATCH_ID = '33333333-0000-4000-8000-000000000001';
const VERSION_ID = '33333333-0000-4000-8000-000000000002';
const DRAFT_ID = '44444444-0000-4000-8000-000000000001';
const SIGNATURE = 'card_declined_retry';
const patchSubject = (kind: 'patch_draft' | 'patch_review' | 'patch_service', id: string, version: number | null) => ({
  kind,
  id,
  pluginId: null,
  patch: { patchId: PATCH_ID, errorSignature: SIGNATURE, version },
});

const patchRow = {
  id: PATCH_ID,
  sdk_language: 'node',
  error_signature: SIGNATURE,
  patch_code: null,
  rollback_code: null,
  description: 'Retry a declined card once',
  severity: 'medium',
  active: true,
  version: 3,
  active_version: 2,
  created_by: 'token-author',
  created_at: '2026-01-01T09:00:00.000Z',
  updated_at: '2026-01-02T09:30:00.000Z',
  deactivated_at: null,
  deactivated_by: null,
};

const versionRow = {
  id: VERSION_ID,
  patch_id: PATCH_ID,
  version: 2,
  sdk_language: 'node',
  error_signature: SIGNATURE,
  description: 'Retry a declined card once',
  severity: 'medium',
  match: { status: 402 },
  actions: [{ type: 'retry', max_attempts: 1 }],
  patch_code: null,
  rollback_code: null,
  content_hash: 'a'.repeat(64),
  signature: 'sig',
  key_id: 'key-1',
  status: 'active',
  created_by: 'token-author',
  created_at: '2026-01-01T09:00:00.000Z',
  reviewed_by: 'token-reviewer-2',
  reviewed_by_name: 'Awa Reviewer',
  reviewed_at: '2026-01-02T09:45:00.000Z',
  rejection_reason: null,
  change_note: 'retry once',
  review_comment: 'fine',
};

const reviewConflict: Conflict = {
  id: 11,
  kind: 'patch_review',
  targetId: VERSION_ID,
  subject: patchSubject('patch_review', VERSION_ID, 2),
  logId: null,
  pauseId: null,
  mine: { decision: { action: 'reject', patchId: PATCH_ID, version: 2, reason: 'too broad' }, baseVersion: 2, decidedAt: '2026-01-02T09:40:00.000Z' },
  theirs: versionRow,
  error: { code: 'invalid_transition', message: 'version 2 is active; only a pending_review version can be rejected' },
  createdAt: '2026-01-02T10:00:00.000Z',
};

describe('a conflict card for an SDK patch decision', () => {
  afterEach(cleanup);

  it('names the version reviewed, my review, and what the server has now, and resolves through the same three choices', async () => {
    const calls = renderCard(reviewConflict);
    const card = screen.getByTestId('conflict-card');
    expect(card.getAttribute('data-kind')).toBe('patch_review');
    expect(card.getAttribute('data-target-id')).toBe(VERSION_ID);
    expect(card.hasAttribute('data-log-id')).toBe(false);
    expect(card.querySelector('h2')?.textContent).toBe(`Version 2 of patch “${SIGNATURE}”`);
    expect(screen.getByTestId('conflict-mine').textContent).toContain('reject version 2: “too broad”');
    expect(screen.getByTestId('conflict-mine').textContent).toContain('taken on version 2 of the patch');
    expect(screen.getByTestId('conflict-theirs-summary').textContent).toBe(`Version 2 of patch “${SIGNATURE}” was already approved by Awa Reviewer.`);
    expect(screen.getByTestId('theirs-status').textContent).toBe('active');
    expect(screen.getByTestId('theirs-reviewed_by').textContent).toBe('Awa Reviewer');
    expect(screen.getByTestId('theirs-review_comment').textContent).toBe('fine');
    expect(screen.getByTestId('conflict-choices-hint').textContent).toMatch(/^Keep mine sends your review again/);

    await expectEachChoiceResolves(calls, 11);
  });

  it('names a draft’s submission as a new version of its patch, beside the patch the server has now', () => {
    renderCard({
      id: 12,
      kind: 'patch_draft',
      targetId: DRAFT_ID,
      subject: patchSubject('patch_draft', DRAFT_ID, null),
      logId: null,
      pauseId: null,
      mine: { decision: { action: 'update', patchId: PATCH_ID, body: { error_signature: SIGNATURE }, change_note: 'narrower match' }, baseVersion: 2, decidedAt: '2026-01-02T09:40:00.000Z' },
      theirs: patchRow,
      error: { code: 'stale_version', message: `patch ${PATCH_ID} is at version 3, not 2` },
      createdAt: '2026-01-02T10:00:00.000Z',
    });
    expect(screen.getByTestId('conflict-card').querySelector('h2')?.textContent).toBe(`New version of patch “${SIGNATURE}”`);
    expect(screen.getByTestId('conflict-mine').textContent).toContain('submit this new version for review: “narrower match”');
    expect(screen.getByTestId('conflict-theirs-summary').textContent).toBe(`Patch “${SIGNATURE}” is at version 3; version 2 is served.`);
    expect(screen.getByTestId('theirs-active_version').textContent).toBe('2');
    expect(screen.queryByTestId('theirs-status')).toBeNull();
    expect(screen.getByTestId('conflict-choices-hint').textContent).toContain('give the draft back to you for editing');
  });

  it('words a deactivation refused because someone deactivated the patch first, in French', () => {
    renderCard(
      {
        id: 13,
        kind: 'patch_service',
        targetId: PATCH_ID,
        subject: patchSubject('patch_service', PATCH_ID, 2),
        logId: null,
        pauseId: null,
        mine: { decision: { action: 'deactivate', reason: 'trop de rollbacks' }, baseVersion: 2, decidedAt: '2026-01-02T09:40:00.000Z' },
        theirs: { ...patchRow, active: false, deactivated_at: '2026-01-02T09:50:00.000Z', deactivated_by: 'token-admin-2' },
        error: { code: 'stale_version', message: `patch ${PATCH_ID} is at version 3, not 2` },
        createdAt: '2026-01-02T10:00:00.000Z',
      },
      'fr',
    );
    const card = screen.getByTestId('conflict-card');
    expect(card.querySelector('h2')?.textContent).toBe(`Correctif « ${SIGNATURE} »`);
    expect(screen.getByTestId('conflict-mine').textContent).toContain('désactiver le correctif : « trop de rollbacks »');
    expect(screen.getByTestId('conflict-theirs-summary').textContent).toBe(`Le correctif « ${SIGNATURE} » a été désactivé par token-admin-2.`);
    expect(screen.getByTestId('theirs-deactivated_at').textContent).toMatch(/2 janv\. 2026/);
    expect(card.textContent).not.toMatch(/\b(?:Keep|Take|Discard|taken on|Patch|deactivate)\b/);
  });
});

describe('the notice of a patch conflict’s resolution', () => {
  it('names the patch by its error signature, and the version for a review', () => {
    expect(decisionNotice('take_theirs', patchSubject('patch_review', VERSION_ID, 2), null).text).toBe(
      `Conflict on version 2 of patch “${SIGNATURE}” resolved: the server’s version is kept, your decision dropped.`,
    );
    expect(decisionNotice('keep_mine', patchSubject('patch_service', PATCH_ID, 2), { status: 'sent' }).text).toBe(`Your decision on patch “${SIGNATURE}” sent.`);
    expect(decisionNotice('discard', { kind: 'patch_draft', id: DRAFT_ID, pluginId: null, patch: { patchId: null, errorSignature: null, version: null } }, null).text).toContain(
      `patch “${DRAFT_ID.slice(0, 8)}”`,
    );
  });
});

describe('a conflict on a patch’s rollout', () => {
  afterEach(() => cleanup());
  const haltedRollout = {
    patch_id: PATCH_ID,
    version: 2,
    previous_version: 1,
    state: 'halted',
    steps: [5, 25, 100],
    step_index: 0,
    share_pct: 0,
    min_applications: 20,
    step_stats: { applications: 25, successes: 15, rollbacks: 10, failures: 10, rollback_rate: 0.4, failure_rate: 0.4 },
    halted_reason: 'rollback rate 40.0 % (10 of 25 applications) is over the 20.0 % threshold',
    started_at: '2026-01-02T09:00:00.000Z',
    step_started_at: '2026-01-02T09:00:00.000Z',
    updated_at: '2026-01-02T09:50:00.000Z',
    ended_at: '2026-01-02T09:50:00.000Z',
    updated_by_name: null,
  };
  const rolloutConflict = (locale: Locale = 'en') =>
    renderCard(
      {
        id: 21,
        kind: 'patch_rollout',
        targetId: PATCH_ID,
        subject: { kind: 'patch_rollout', id: PATCH_ID, pluginId: null, patch: { patchId: PATCH_ID, errorSignature: SIGNATURE, version: 2 } },
        logId: null,
        pauseId: null,
        mine: { decision: { action: 'advance' }, baseVersion: 2, decidedAt: '2026-01-02T09:40:00.000Z' },
        theirs: haltedRollout,
        error: { code: 'rollout_conflict', message: `the rollout of patch ${PATCH_ID} version 2 is halted` },
        createdAt: '2026-01-02T10:00:00.000Z',
      },
      locale,
    );

  it('says the rollout halted meanwhile, with its state, version and share, and each choice resolves it', async () => {
    const calls = rolloutConflict();
    expect(screen.getByTestId('conflict-card').querySelector('h2')?.textContent).toBe(`Rollout of version 2 of patch “${SIGNATURE}”`);
    expect(screen.getByTestId('conflict-mine').textContent).toContain('advance the rollout of version 2 to its next step');
    expect(screen.getByTestId('conflict-theirs-summary').textContent).toBe(`The rollout of version 2 was halted: “${haltedRollout.halted_reason}”.`);
    expect(screen.getByTestId('theirs-state').textContent).toBe('halted');
    expect(screen.getByTestId('theirs-share_pct').textContent).toBe('0%');
    expect(screen.getByTestId('conflict-choices-hint').textContent).toContain('Keep mine sends your action again on the rollout the server has now');
    await expectEachChoiceResolves(calls, 21);
  });

  it('reads in French', () => {
    rolloutConflict('fr');
    expect(screen.getByTestId('conflict-theirs-summary').textContent).toContain('Le déploiement de la version 2 a été arrêté');
    expect(screen.getByTestId('theirs-state').textContent).toBe('arrêté');
    expect(screen.getByTestId('conflict-card').textContent).not.toMatch(/\b(?:Keep|Take|Discard|Rollout of|advance|taken on|share of developers)\b/);
  });
});
