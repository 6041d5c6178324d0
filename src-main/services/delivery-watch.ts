import type { Delivery } from '../../src-shared/ipc/delivery.js';
import type { PushRound, SettledItem } from '../sync/outbox-pusher.js';
import type { Disposable } from '../util/emitter.js';

/** The active session's outbox pusher as the watch sees it (the session manager forwards its events). */
export interface PushEvents {
  onDidSettleItem(listener: (item: SettledItem) => void): Disposable;
  onDidPush(listener: (round: PushRound) => void): Disposable;
  /** Pushes soon; false when no session is open to push. */
  kick(): boolean;
}

/** How long a decision call waits for its push before answering `queued` (the push goes on). */
export const DELIVERY_WAIT_MS = 5_000;

/**
 * Tells a decision's caller the truth about it: kicks the pusher, then waits, bounded, until the
 * push of each given outbox item settles (sent, conflict, refused) or a push round ends without it
 * because the backend is unreachable or refused the token. Whatever has not settled by then is
 * answered `queued`, so an answer never says `sent` for a decision still in the outbox.
 *
 * Waiting for the outcome in the call (rather than a later event updating the notice) gives the
 * renderer one answer per decision and one notice, written once; the pusher keeps going after the
 * wait, and the row's sync state shows the rest.
 */
export class DeliveryWatch {
  constructor(
    private readonly events: PushEvents,
    private readonly waitMs: number = DELIVERY_WAIT_MS,
  ) {}

  /** Kicks the pusher and answers what became of each item, in the order given. */
  deliver(outboxIds: readonly number[]): Promise<Delivery[]> {
    const pending = new Map<number, (delivery: Delivery) => void>();
    const answers = outboxIds.map((id) => new Promise<Delivery>((resolve) => pending.set(id, resolve)));
    const settleAll = (delivery: Delivery) => {
      for (const resolve of pending.values()) resolve(delivery);
      pending.clear();
    };
    const settle = (id: number, delivery: Delivery) => {
      pending.get(id)?.(delivery);
      pending.delete(id);
    };
    // Subscribed before the kick: the pusher settles nothing synchronously, but a round in flight may
    // end at any await after this.
    const disposers = [
      this.events.onDidSettleItem((item) => settle(item.id, fromSettled(item))),
      this.events.onDidPush((round) => {
        // A round that ends cleanly without an item is followed by another (the kick asked for it).
        if (round.stoppedBy === 'unreachable') settleAll({ status: 'queued', reason: 'unreachable', detail: round.error });
        else if (round.stoppedBy === 'token') settleAll({ status: 'queued', reason: 'token_refused', detail: round.error });
      }),
    ];
    const timer = setTimeout(() => settleAll({ status: 'queued', reason: 'no_answer_yet', detail: null }), this.waitMs);
    if (!this.events.kick()) settleAll({ status: 'queued', reason: 'no_session', detail: null });
    return Promise.all(answers).finally(() => {
      clearTimeout(timer);
      for (const dispose of disposers) dispose();
    });
  }
}

function fromSettled(item: SettledItem): Delivery {
  const message = item.message ?? 'the backend gave no reason';
  if (item.outcome === 'sent') return { status: 'sent' };
  if (item.outcome === 'conflict') return { status: 'conflict', message, code: item.code };
  return { status: 'refused', message, code: item.code };
}
