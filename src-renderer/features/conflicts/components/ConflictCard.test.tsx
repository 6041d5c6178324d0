// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conflict } from '../../../../src-shared/ipc/conflicts.js';
import type { OpsApi } from '../../../../src-shared/ipc/contract.js';
import { BridgeProvider } from '../../../infra/bridge-context.js';
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

function renderCard(conflict: Conflict) {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const api = {
    async invoke(channel: string, request: unknown) {
      calls.push({ channel, request });
      return { ok: true, data: { resolution: (request as { resolution: string }).resolution, outboxId: null } };
    },
    on: () => () => undefined,
  } as unknown as OpsApi;
  render(
    <QueryClientProvider client={createQueryClient()}>
      <BridgeProvider api={api}>
        <ConflictCard conflict={conflict} />
      </BridgeProvider>
    </QueryClientProvider>,
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
