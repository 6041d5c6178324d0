/** A log waiting for review, as far as an alert needs it. */
export interface ReviewAlertItem {
  id: string;
  severity: 'high' | 'critical' | 'medium' | 'low';
  issue: string;
  pluginId: string;
}

/**
 * Which items are new since the last look. The first look (`known` null) only remembers what is
 * there, so opening the console does not announce the whole backlog; only high and critical items
 * are ever announced.
 */
export function newUrgentItems(known: ReadonlySet<string> | null, items: readonly ReviewAlertItem[]): { known: Set<string>; fresh: ReviewAlertItem[] } {
  const next = new Set(known ?? []);
  const fresh: ReviewAlertItem[] = [];
  for (const item of items) {
    if (next.has(item.id)) continue;
    next.add(item.id);
    if (known !== null && (item.severity === 'high' || item.severity === 'critical')) fresh.push(item);
  }
  return { known: next, fresh };
}

/** The desktop notification's text for a batch of new urgent items. */
export function alertText(fresh: readonly ReviewAlertItem[]): { title: string; body: string } {
  const critical = fresh.filter((item) => item.severity === 'critical').length;
  if (fresh.length === 1) {
    const [item] = fresh as [ReviewAlertItem];
    return { title: `New ${item.severity} item waiting for review`, body: `${item.pluginId}: ${item.issue}` };
  }
  const detail = critical > 0 ? ` (${critical} critical)` : '';
  return { title: `${fresh.length} new high or critical items waiting for review${detail}`, body: fresh.slice(0, 3).map((item) => `${item.pluginId}: ${item.issue}`).join('\n') };
}
