import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useOpsApi } from '../../app/bridge-context.js';
import { urgentPendingQuery } from './queries.js';
import { alertText, newUrgentItems } from './review-alerts.js';

/**
 * Shows a desktop notification when new high or critical logs start waiting for review. New
 * proposals reach the cache through sync; `cache.changed` refetches the query, and the ids not seen
 * before are announced (when the Notification API is there and allowed).
 */
export function useReviewNotifications(): void {
  const api = useOpsApi();
  const urgent = useQuery(urgentPendingQuery(api));
  const known = useRef<Set<string> | null>(null);

  useEffect(() => {
    if (!urgent.data) return;
    const { known: next, fresh } = newUrgentItems(known.current, urgent.data);
    known.current = next;
    if (fresh.length === 0 || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const { title, body } = alertText(fresh);
    const notification = new Notification(title, { body, tag: 'molam-review-queue' });
    notification.onclick = () => window.focus();
  }, [urgent.data]);
}
