// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RolloutView } from '../../../../src-shared/ipc/rollouts.js';
import type { Rollout } from '../../../../src-shared/schemas/rollout.js';
import { dismissNotices, noticeTexts, renderOverBridge } from '../../../shared/patch-registry/testing.js';
import { RolloutPanel } from './RolloutPanel.js';

const PATCH_ID = '44444444-0000-4000-8000-000000000002';
const SIGNATURE = '429 Rate Limit';
const status = (role: string) => ({ identity: { name: 'Rita', role, merchantId: null } });
const age = { computedAt: '2026-12-01T09:30:00.000Z', refreshedAt: '2026-12-01T09:31:00.000Z' };

function rollout(overrides: Partial<Rollout> = {}): Rollout {
  return {
    patch_id: PATCH_ID,
    version: 3,
    previous_version: 2,
    state: 'rolling',
    steps: [5, 25, 100],
    step_index: 1,
    share_pct: 25,
    min_applications: 20,
    step_stats: { applications: 1234, successes: 900, rollbacks: 300, failures: 34, rollback_rate: 300 / 1234, failure_rate: 34 / 1234 },
    halted_reason: null,
    started_at: '2026-12-01T08:00:00.000Z',
    step_started_at: '2026-12-01T09:00:00.000Z',
    updated_at: '2026-12-01T09:00:00.000Z',
    ended_at: null,
    updated_by_name: null,
    ...overrides,
  };
}

const view = (overrides: Partial<Rollout> = {}, more: Partial<RolloutView> = {}): RolloutView => ({
  rollout: rollout(overrides),
  localState: 'synced',
  pending: null,
  errorSignature: SIGNATURE,
  ...more,
});

function renderPanel(answer: RolloutView | null, role = 'reviewer', locale: 'en' | 'fr' = 'en') {
  const queued = { outboxId: 7, patchId: PATCH_ID, delivery: { status: 'queued', reason: 'unreachable', detail: null } };
  return renderOverBridge(
    <RolloutPanel patchId={PATCH_ID} signature={SIGNATURE} />,
    { 'ops:sync.status': status(role), 'ops:rollouts.forPatch': { rollout: answer, age }, 'ops:rollouts.act': queued },
    locale,
  );
}

afterEach(() => {
  dismissNotices(fireEvent.click);
  cleanup();
});

describe('RolloutPanel', () => {
  it('shows the step, the share, and the step’s rates against the runbook’s thresholds in the reader’s number format', async () => {
    renderPanel(view());
    expect((await screen.findByTestId('rollout-summary')).textContent).toBe('rolling Version 3, step 2 of 3: served to 25% of developers.');
    expect(screen.getByTestId('rollout-applications').textContent).toBe('1,234 applications (the step needs 20 to advance or halt)');
    expect(screen.getByTestId('rollout-rollback-rate').textContent).toBe('24.3%: above the 20% threshold');
    expect(screen.getByTestId('rollout-rollback-rate').dataset['above']).toBe('true');
    expect(screen.getByTestId('rollout-failure-rate').textContent).toBe('2.8% (threshold 50%)');
    expect(screen.getByTestId('rollout-updated-by').textContent).toContain('automatic');
    cleanup();
    renderPanel(view(), 'reviewer', 'fr');
    expect((await screen.findByTestId('rollout-applications')).textContent).toMatch(/^1\s234 applications/);
    expect(screen.getByTestId('rollout-rollback-rate').textContent).toMatch(/^24,3\s%/);
  });

  it('says why a halted rollout stopped and offers a reviewer none of the actions the state forbids', async () => {
    renderPanel(view({ state: 'halted', share_pct: 0, halted_reason: 'rollback rate 31% above 20%', ended_at: '2026-12-01T10:00:00.000Z', updated_by_name: null }));
    expect((await screen.findByTestId('rollout-halted-reason')).textContent).toBe('rollback rate 31% above 20%');
    expect(screen.getByTestId('rollout-ended-at').querySelector('time')?.getAttribute('datetime')).toBe('2026-12-01T10:00:00.000Z');
    for (const action of ['advance', 'hold', 'resume', 'abort']) expect((screen.getByTestId(`rollout-${action}`) as HTMLButtonElement).disabled).toBe(true);
  });

  it('hides the actions from a role that cannot review, and says when a patch has no rollout', async () => {
    renderPanel(view(), 'ops');
    await screen.findByTestId('rollout-summary');
    expect(screen.queryByTestId('rollout-advance')).toBeNull();
    cleanup();
    renderPanel(null);
    expect((await screen.findByTestId('rollout-none')).textContent).toContain('approving a version starts one');
  });

  it('queues an advance on the version shown, announced once with why it is queued', async () => {
    const calls = renderPanel(view());
    const advance = (await screen.findByTestId('rollout-advance')) as HTMLButtonElement;
    await waitFor(() => expect(advance.disabled).toBe(false));
    expect((screen.getByTestId('rollout-resume') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(advance);
    await waitFor(() => expect(calls.filter((c) => c.channel === 'ops:rollouts.act')).toHaveLength(1));
    expect(calls.find((c) => c.channel === 'ops:rollouts.act')!.request).toEqual({ patchId: PATCH_ID, version: 3, action: 'advance' });
    await waitFor(() => expect(noticeTexts()).toHaveLength(1));
    expect(noticeTexts()[0]).toContain(`Advance of the rollout of version 3 of patch “${SIGNATURE}” queued: the backend is unreachable`);
  });

  it('asks for a reason before aborting, and sends it', async () => {
    const calls = renderPanel(view({ state: 'held' }));
    fireEvent.click(await screen.findByTestId('rollout-abort'));
    const confirm = screen.getByTestId('confirm-abort-rollout') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(document.activeElement).toBe(screen.getByTestId('abort-rollout-reason'));
    fireEvent.change(screen.getByTestId('abort-rollout-reason'), { target: { value: ' merchants complain ' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(calls.filter((c) => c.channel === 'ops:rollouts.act')).toHaveLength(1));
    expect(calls.find((c) => c.channel === 'ops:rollouts.act')!.request).toEqual({ patchId: PATCH_ID, version: 3, action: 'abort', reason: 'merchants complain' });
  });

  it('shows the decision still waiting in the outbox', async () => {
    renderPanel(view({}, { localState: 'queued', pending: { action: 'hold' } }));
    expect((await screen.findByTestId('rollout-pending')).textContent).toBe('Your hold is queued: it is sent when the backend answers.');
  });
});
