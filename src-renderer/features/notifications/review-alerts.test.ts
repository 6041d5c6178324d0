import { describe, expect, it } from 'vitest';
import { alertText, newUrgentItems, type ReviewAlertItem } from './review-alerts.js';

const item = (id: string, severity: ReviewAlertItem['severity']): ReviewAlertItem => ({ id, severity, issue: `issue ${id}`, pluginId: `plugin-${id}` });

describe('review alerts', () => {
  it('remembers the backlog on the first look without announcing it', () => {
    const { known, fresh } = newUrgentItems(null, [item('a', 'critical'), item('b', 'high')]);
    expect(fresh).toEqual([]);
    expect([...known]).toEqual(['a', 'b']);
  });

  it('announces only new high and critical items after that', () => {
    const first = newUrgentItems(null, [item('a', 'critical')]);
    const second = newUrgentItems(first.known, [item('a', 'critical'), item('b', 'high'), item('c', 'low'), item('d', 'critical')]);
    expect(second.fresh.map((i) => i.id)).toEqual(['b', 'd']);
    expect(newUrgentItems(second.known, [item('b', 'high')]).fresh).toEqual([]);
  });

  it('words one item by its issue and several by their count', () => {
    expect(alertText([item('a', 'critical')])).toEqual({ title: 'New critical item waiting for review', body: 'plugin-a: issue a' });
    expect(alertText([item('a', 'critical'), item('b', 'high')]).title).toBe('2 new high or critical items waiting for review (1 critical)');
  });
});
