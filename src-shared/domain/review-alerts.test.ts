import { describe, expect, it } from 'vitest';
import { ALERT_BODY_MAX, ALERT_TITLE_MAX, DesktopAlertSchema } from '../ipc/notifications.js';
import { createIntl } from '@formatjs/intl';
import en from './messages/en.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };
import { KNOWN_LIMIT, alertText, newUrgentItems, plainAlertText, type FormatMessage, type ReviewAlertItem } from './review-alerts.js';

const wording = (locale: 'en' | 'fr', messages: Record<string, string>): FormatMessage => {
  const intl = createIntl({ locale, messages, onError: (error) => { throw error; } });
  return (id, values) => intl.formatMessage({ id }, values);
};
const english = wording('en', en);
const french = wording('fr', fr);

const minute = (n: number) => new Date(Date.UTC(2026, 4, 1, 12, n)).toISOString();
const item = (id: string, severity: ReviewAlertItem['severity'], at = 30): ReviewAlertItem => ({
  id,
  severity,
  issue: `issue ${id}`,
  pluginId: `plugin-${id}`,
  createdAt: minute(at),
});
const look = (items: ReviewAlertItem[], complete = true) => ({ items, complete });

describe('review alerts', () => {
  it('remember the backlog on the first look without announcing it', () => {
    const { memory, fresh } = newUrgentItems(null, look([item('a', 'critical'), item('b', 'high')]));
    expect(fresh).toEqual([]);
    expect([...memory.known]).toEqual(['a', 'b']);
    expect(memory.backlogUntil).toBeNull();
  });

  it('announce only new high and critical items after that, each once', () => {
    const first = newUrgentItems(null, look([item('a', 'critical')]));
    const second = newUrgentItems(first.memory, look([item('a', 'critical'), item('b', 'high'), item('c', 'low'), item('d', 'critical'), item('e', 'medium')]));
    expect(second.fresh.map((i) => i.id)).toEqual(['b', 'd']);
    expect(newUrgentItems(second.memory, look([item('b', 'high'), item('d', 'critical')])).fresh).toEqual([]);
  });

  it('do not announce an item again after it left the view and came back', () => {
    const first = newUrgentItems(null, look([]));
    const seen = newUrgentItems(first.memory, look([item('x', 'high')]));
    const gone = newUrgentItems(seen.memory, look([]));
    expect(newUrgentItems(gone.memory, look([item('x', 'high')])).fresh).toEqual([]);
  });

  it('treat older backlog that slides into a limited view later as backlog, not news', () => {
    // The first read stopped at its limit: its oldest item was created at minute 20.
    const first = newUrgentItems(null, look([item('new-1', 'high', 25), item('new-2', 'critical', 20)], false));
    expect(first.memory.backlogUntil).toBe(Date.parse(minute(20)));
    // A reviewer cleared those two; older backlog and one genuinely new proposal come into view.
    const next = newUrgentItems(first.memory, look([item('newer', 'critical', 40), item('old-1', 'critical', 19), item('old-2', 'high', 20)], false));
    expect(next.fresh.map((i) => i.id)).toEqual(['newer']);
  });

  it('forget the ids seen longest ago past the memory limit', () => {
    const many = Array.from({ length: KNOWN_LIMIT + 5 }, (_, n) => item(`id-${n}`, 'low'));
    const first = newUrgentItems(null, look([]));
    const { memory } = newUrgentItems(first.memory, look(many));
    expect(memory.known.size).toBe(KNOWN_LIMIT);
    expect(memory.known.has('id-0')).toBe(false);
    expect(memory.known.has(`id-${KNOWN_LIMIT + 4}`)).toBe(true);
  });

  it('word one item by its issue and several by their count', () => {
    expect(alertText([item('a', 'critical')], english)).toEqual({ title: 'New critical item waiting for review', body: 'plugin-a: issue a' });
    const several = alertText([item('a', 'critical'), item('b', 'high')], english);
    expect(several.title).toBe('2 new high or critical items waiting for review (1 critical)');
    expect(several.body).toBe('plugin-a: issue a\nplugin-b: issue b');
    expect(alertText([item('a', 'high'), item('b', 'high')], english).title).toBe('2 new high or critical items waiting for review');
  });

  it('word them in French with French plurals', () => {
    expect(alertText([item('a', 'high')], french).title).toBe('Nouvel élément de gravité élevée en attente de revue');
    expect(alertText([item('a', 'critical'), item('b', 'critical')], french).title).toBe(
      '2 nouveaux éléments de gravité élevée ou critique en attente de revue (2 critiques)',
    );
    expect(alertText([item('a', 'high'), item('b', 'high')], french).title).toBe('2 nouveaux éléments de gravité élevée ou critique en attente de revue');
  });

  it('turn hostile text into short plain text that the alert schema accepts', () => {
    const hostile: ReviewAlertItem = {
      ...item('h', 'critical'),
      pluginId: 'wc-shop\u0007',
      issue: `<a href="https://evil.example/">click</a> <img src=x onerror=alert(1)>\r\n${'x'.repeat(2000)}`,
    };
    const alert = alertText([hostile, hostile, hostile, hostile], english);
    expect(DesktopAlertSchema.safeParse(alert).success).toBe(true);
    const single = alertText([hostile], english);
    // eslint-disable-next-line no-control-regex
    expect(DesktopAlertSchema.parse(single).body).not.toMatch(/[<>\u0000-\u001f]/);
    expect(single.body).toContain('‹a href');
    expect([...single.body].length).toBeLessThanOrEqual(ALERT_BODY_MAX);
    expect(single.body.endsWith('…')).toBe(true);
    expect([...plainAlertText('t'.repeat(500), ALERT_TITLE_MAX)].length).toBe(ALERT_TITLE_MAX);
    expect(plainAlertText(' \u0000\t ', 10)).toBe('—');
  });

  it('refuse markup, control characters and overlong text at the alert schema', () => {
    expect(DesktopAlertSchema.safeParse({ title: 'ok', body: '<b>bold</b>' }).success).toBe(false);
    expect(DesktopAlertSchema.safeParse({ title: 'two\nlines', body: 'ok' }).success).toBe(false);
    expect(DesktopAlertSchema.safeParse({ title: 't'.repeat(ALERT_TITLE_MAX + 1), body: 'ok' }).success).toBe(false);
    expect(DesktopAlertSchema.safeParse({ title: 'ok', body: '' }).success).toBe(false);
    expect(DesktopAlertSchema.safeParse({ title: 'ok', body: 'line one\nline two', extra: 1 }).success).toBe(false);
    expect(DesktopAlertSchema.safeParse({ title: 'ok', body: 'line one\nline two' }).success).toBe(true);
  });
});
