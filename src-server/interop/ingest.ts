import { ReportedExcerptSchema } from '../../src-shared/schemas/autoheal.js';
import type { InteropEventAck, InteropEventBody } from '../../src-shared/schemas/interop.js';
import { redactExcerpt, redactReport } from '../autoheal/secret-redaction.js';
import type { ServerContext } from '../context.js';
import { assertPluginAccess, type Principal } from '../http/auth.js';
import { HttpError, badRequest, notFound } from '../http/errors.js';
import { claimReceived, dispatchPluginError, recordFirstFailure } from './dispatch.js';
import { createEventWriter, encodeEvent, type EncodedEvent, type StoredEvent } from './event-writer.js';
import { GroupCommit, GroupCommitFullError } from '../db/group-commit.js';
import { ConcurrencyLimiter } from './limiter.js';
import { PluginDirectory } from './plugin-directory.js';

const TOUCH_INTERVAL_MS = 60_000;

/**
 * A `plugin.error` payload with its secrets redacted before the event is stored or logged: its code
 * excerpt (the lines around the failing one) checked and redacted line by line, and every other
 * text it carries (the message, a stack, any field) redacted too. Other events may use `excerpt` for
 * anything (a product's excerpt) and carry business data: they are left alone.
 */
function redactedPluginError(payload: Record<string, unknown>): Record<string, unknown> {
  const { excerpt, ...rest } = payload;
  const redacted = redactReport(rest) as Record<string, unknown>;
  if (excerpt === undefined) return redacted;
  const checked = ReportedExcerptSchema.safeParse(excerpt);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const field = ['body.payload.excerpt', ...issue.path.map(String)].join('.');
    throw badRequest(`${field}: ${issue.message}`, field);
  }
  return { ...redacted, excerpt: redactExcerpt(checked.data) };
}

/**
 * The ingestion path of `POST /interop/event`: checks the plugin against an in-memory directory,
 * stores the event through a group commit (one multi-row INSERT per batch, normalized in SQL),
 * answers once the batch has committed, and dispatches `plugin.error` events to auto-healing.
 */
export class InteropIngest {
  private readonly directory: PluginDirectory;
  private readonly batches: GroupCommit<EncodedEvent, StoredEvent>;
  private readonly lastTouched = new Map<string, number>();
  private touching: Promise<void> = Promise.resolve();
  private readonly dispatches = new ConcurrencyLimiter(4);

  constructor(private readonly ctx: ServerContext) {
    this.directory = new PluginDirectory(ctx.db);
    const writer = createEventWriter(ctx.db);
    this.batches = new GroupCommit(
      async (events) => {
        const results = await writer(events);
        this.touch(events.map((e) => e.pluginId));
        return results;
      },
      // PGlite runs one query at a time. On PostgreSQL a few groups overlap: while one waits for
      // its commit to reach the disk, the next is already being inserted.
      { maxBatch: 200, maxBatchBytes: 4 * 1024 * 1024, maxInFlight: ctx.db.kind === 'pglite' ? 1 : 4, maxQueuedBytes: 64 * 1024 * 1024 },
    );
  }

  /** `bodyText` is the request's JSON text: the raw payload is stored from it, every digit kept. */
  async receive(principal: Principal, body: InteropEventBody, bodyText?: string): Promise<InteropEventAck> {
    const plugin = await this.directory.get(body.plugin_id);
    if (!plugin) throw notFound('plugin', body.plugin_id);
    assertPluginAccess(principal, plugin);
    const payload = body.event_type === 'plugin.error' ? redactedPluginError(body.payload) : body.payload;
    const encoded = encodeEvent({
      pluginId: plugin.id,
      platform: plugin.cms,
      eventType: body.event_type,
      payload,
      // A plugin error's request text holds its secrets as sent: the redacted payload is stored instead.
      bodyText: payload === body.payload ? bodyText : undefined,
      externalId: body.event_id ?? null,
      occurredAt: body.occurred_at ?? null,
    });
    const stored = await this.batches.submit(encoded, encoded.json.length).catch((error: unknown) => {
      if (error instanceof GroupCommitFullError) {
        throw new HttpError(503, 'overloaded', 'too many events are waiting to be stored; send this one again shortly', { headers: { 'retry-after': '1' } });
      }
      throw error;
    });
    const ack: InteropEventAck = {
      id: stored.id,
      status: stored.status,
      normalized_event: stored.normalized_event,
      normalized_payload: stored.normalized_payload,
      duplicate: stored.duplicate,
    };
    if (stored.error !== null && stored.status === 'failed') ack.error = stored.error;
    if (!stored.duplicate && stored.status === 'received') {
      const outcome = await this.dispatches.run(() => dispatchPluginError(this.ctx, stored.id, claimReceived, recordFirstFailure));
      if (outcome) {
        ack.status = outcome.status;
        ack.proposals = outcome.proposals;
        if (outcome.error !== undefined) ack.error = outcome.error;
      }
    }
    this.ctx.metrics.interopEventsTotal.labels(plugin.cms, stored.duplicate ? 'duplicate' : ack.status).inc();
    return ack;
  }

  /** Waits for queued batches and the last `last_seen_at` update. */
  async close(): Promise<void> {
    await this.batches.drain();
    await this.touching;
  }

  // `last_seen_at` moves at most once a minute per plugin: a busy plugin would otherwise write its
  // row (and the change feed) on every event. The update runs after the batch has answered.
  private touch(pluginIds: string[]): void {
    const now = Date.now();
    const due = [...new Set(pluginIds)].filter((id) => (this.lastTouched.get(id) ?? 0) <= now - TOUCH_INTERVAL_MS);
    if (due.length === 0) return;
    if (this.lastTouched.size > 100_000) this.lastTouched.clear();
    for (const id of due) this.lastTouched.set(id, now);
    // `plugins` is in the change feed: the update goes through a transaction, which takes the feed's
    // lock before the rows' (one lock order on every write path; see database.ts).
    const update = this.ctx.db
      .transaction((tx) =>
        tx.query(
          `UPDATE plugins SET last_seen_at = now()
            WHERE id = ANY($1::text[]) AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`,
          [due],
        ),
      )
      .then(
        () => undefined,
        (error: unknown) => this.ctx.log.warn({ err: error }, 'could not update plugins.last_seen_at'),
      );
    this.touching = this.touching.then(() => update);
  }
}
