// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertView } from '../../../../src-shared/ipc/rollouts.js';
import type { SelfHealAlert } from '../../../../src-shared/schemas/self-heal-alerts.js';
import { renderOverBridge } from '../../../shared/patch-registry/testing.js';
import { useCurrentPage, useRequestedPatchId } from '../../../shared/navigation-store.js';
import { AlertsSection } from './AlertsSection.js';
import { FiringAlertsBadge } from './FiringAlertsBadge.js';

const PATCH_ID = '55555555-0000-4000-8000-000000000001';
const age = { computedAt: '2026-12-01T09:30:00.000Z', refreshedAt: '2026-12-01T09:30:01.000Z' };

function alert(id: number, overrides: Partial<SelfHealAlert>): SelfHealAlert {
  return {
    id: `66666666-0000-4000-8000-00000000000${id}`,
    name: 'SelfHealPatchFailing',
    severity: 'critical',
    patch_id: PATCH_ID,
    state: 'firing',
    value: 0.625,
    threshold: 0.5,
    active_at: '2026-12-01T09:00:00.000Z',
    fired_at: '2026-12-01T09:15:00.000Z',
    resolved_at: null,
    last_evaluated_at: '2026-12-01T09:30:00.000Z',
    ...overrides,
  };
}

const ALERTS: AlertView[] = [
  { alert: alert(1, {}), errorSignature: '402 Card Declined' },
  { alert: alert(2, { name: 'SelfHealHighVolume', severity: 'warning', patch_id: null, state: 'pending', value: 123.4, threshold: 100, fired_at: null }), errorSignature: null },
  { alert: alert(3, { name: 'SelfHealHighRollbackRate', severity: 'warning', patch_id: null, state: 'resolved', value: 0.1, threshold: 0.2, resolved_at: '2026-12-01T09:25:00.000Z' }), errorSignature: null },
];

function Where() {
  return <output data-testid="where">{`${useCurrentPage()}:${useRequestedPatchId() ?? ''}`}</output>;
}

afterEach(() => cleanup());

describe('AlertsSection', () => {
  it('counts the alerts by state and shows each one’s value against its threshold, with its times', async () => {
    renderOverBridge(<AlertsSection />, { 'ops:alerts.list': { alerts: ALERTS, age } });
    expect((await screen.findByTestId('alerts-counts')).textContent).toBe('1 firing, 1 pending, 1 resolved in 7 days');
    const [failing, volume, rollback] = screen.getAllByTestId('alert-row');
    expect(failing!.dataset['state']).toBe('firing');
    expect(within(failing!).getByText('Patch failing')).toBeTruthy();
    expect(failing!.textContent).toContain('62.5% (threshold 50%)');
    expect(failing!.querySelectorAll('time')[1]!.getAttribute('datetime')).toBe('2026-12-01T09:15:00.000Z');
    expect(volume!.textContent).toContain('123/min (threshold 100/min)');
    expect(volume!.textContent).toContain('all patches');
    expect(rollback!.querySelectorAll('time')[2]!.getAttribute('datetime')).toBe('2026-12-01T09:25:00.000Z');
  });

  it('opens the patch an alert is about on the Patches page', async () => {
    renderOverBridge(
      <>
        <AlertsSection />
        <Where />
      </>,
      { 'ops:alerts.list': { alerts: ALERTS, age } },
    );
    fireEvent.click(await screen.findByText('402 Card Declined'));
    expect(screen.getByTestId('where').textContent).toBe(`patches:${PATCH_ID}`);
  });

  it('says so in French when nothing fired in the last 7 days', async () => {
    renderOverBridge(<AlertsSection />, { 'ops:alerts.list': { alerts: [], age } }, 'fr');
    expect((await screen.findByTestId('alerts-none')).textContent).toContain('Aucune alerte');
    expect(screen.getByTestId('alerts-counts').textContent).toBe('aucune déclenchée, aucune en attente, aucune résolue en 7 jours');
  });

  it('counts the firing alerts for the navigation, and shows nothing when none fires', async () => {
    renderOverBridge(<FiringAlertsBadge />, { 'ops:alerts.list': { alerts: [...ALERTS, { alert: alert(4, { patch_id: null, name: 'SelfHealHighVolume' }), errorSignature: null }], age } });
    const badge = await screen.findByTestId('nav-alerts-firing');
    expect(badge.dataset['count']).toBe('2');
    expect(badge.textContent).toBe('22 alerts firing');
    cleanup();
    renderOverBridge(
      <>
        <FiringAlertsBadge />
        <AlertsSection />
      </>,
      { 'ops:alerts.list': { alerts: ALERTS.slice(1), age } },
    );
    // The section reads the same query: once it counts, the badge has its answer too.
    expect((await screen.findByTestId('alerts-counts')).textContent).toContain('nothing firing');
    expect(screen.queryByTestId('nav-alerts-firing')).toBeNull();
  });
});
