// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conflict } from '../../../../src-shared/ipc/conflicts.js';
import type { OpsApi } from '../../../../src-shared/ipc/contract.js';
import { BridgeProvider } from '../../../infra/bridge-context.js';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import type { Locale } from '../../../infra/i18n/locale-store.js';
import { createQueryClient } from '../../../infra/query-client.js';
import { ConflictCard } from './ConflictCard.js';

const PAUSE_ID = '22222222-0000-4000-8000-000000000001';

const pauseConflict: Conflict = {
  id: 7,
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

    for (const [button, resolution] of [
      ['conflict-keep-mine', 'keep_mine'],
      ['conflict-take-theirs', 'take_theirs'],
      ['conflict-discard', 'discard'],
    ] as const) {
      fireEvent.click(screen.getByTestId(button));
      await waitFor(() => expect(calls.at(-1)).toEqual({ channel: 'ops:conflicts.resolve', request: { id: 7, resolution } }));
    }
  });
});

const LOG_ID = '11111111-0000-4000-8000-000000000001';
const logConflict: Conflict = {
  id: 8,
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
