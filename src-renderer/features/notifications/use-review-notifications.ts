import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import { alertText, newUrgentItems, type ReviewAlertMemory } from '../../../src-shared/domain/review-alerts.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { call } from '../../ipc/call.js';
import { syncStatusQuery } from '../../infra/sync-status.js';
import { notificationsStatusQuery, urgentPendingQuery } from './queries.js';

/** What the alerts remember for the profile whose first full sync is done (`profileId` null: none is). */
interface AlertState {
  profileId: string | null;
  /** When watching began: answers read before it belong to an earlier cache and are ignored. */
  since: number;
  memory: ReviewAlertMemory | null;
}

/**
 * In the browser shell, shows a web notification when new high or critical logs start waiting for
 * review: new proposals reach the cache through sync, `cache.changed` refetches the query, and the
 * ids not seen before are announced (when the user allowed notifications). Nothing is announced
 * until the first full sync of a profile has ended, so its backlog stays quiet. In the desktop app
 * the main process announces them itself, and this hook stays idle so nothing shows twice.
 */
export function useReviewNotifications(): void {
  const api = useOpsApi();
  const shownBy = useQuery({ ...notificationsStatusQuery(api), select: (status) => status.shownBy }).data;
  const ready = useQuery({ ...syncStatusQuery(api), select: (status) => (status.initialSyncDone ? (status.profile?.id ?? null) : null) }).data;
  const profileId = shownBy === 'renderer' ? (ready ?? null) : null;
  const urgent = useQuery({ ...urgentPendingQuery(api), enabled: profileId !== null });
  const state = useRef<AlertState>({ profileId: null, since: 0, memory: null });
  const intl = useIntl();
  const language = intl.locale.startsWith('fr') ? 'fr' : 'en';

  // Where main announces, it words the alerts in the language chosen here (the pseudo-locale is English's).
  useEffect(() => {
    if (shownBy !== 'main') return;
    call(api, 'ops:notifications.setLanguage', { language }).catch((error: unknown) => {
      console.warn('the main process was not told the console’s language', error);
    });
  }, [api, shownBy, language]);

  // Another profile, or the same one emptied and pulled again: start over.
  useEffect(() => {
    if (profileId !== state.current.profileId) state.current = { profileId, since: Date.now(), memory: null };
  }, [profileId]);

  useEffect(() => {
    const current = state.current;
    if (profileId === null || current.profileId !== profileId || !urgent.data || urgent.dataUpdatedAt < current.since) return;
    const { memory, fresh } = newUrgentItems(current.memory, urgent.data);
    current.memory = memory;
    if (fresh.length === 0 || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const { title, body } = alertText(fresh, (id, values) => intl.formatMessage({ id }, values));
    const notification = new Notification(title, { body, tag: 'molam-review-queue' });
    notification.onclick = () => window.focus();
  }, [profileId, urgent.data, urgent.dataUpdatedAt, intl]);
}
