import { SELF_HEAL_ALERT_RULES } from '../../src-shared/domain/self-heal-alert-rules.js';
import type { Database } from '../db/database.js';
import { stepEpisode } from './alert-episodes.js';
import { alertKey, measureConditions, type HoldingCondition } from './alert-conditions.js';
import { claimEvaluation, deleteEpisode, insertEpisode, openEpisodes, resolveEpisode, updateEpisode, type StoredEpisode } from './alert-repo.js';

/** Every 15 s, as a Prometheus server evaluates its rules. */
export const ALERT_EVALUATION_INTERVAL_MS = 15_000;
/** A burst of report batches asks for one evaluation this long after the first. */
export const ALERT_EVALUATION_DEBOUNCE_MS = 1_000;

/** `applied`: the episodes were written; `superseded`: an evaluation at the same or a later time already was. */
export type EvaluationOutcome = 'applied' | 'superseded';

export interface AlertEvaluatorOptions {
  intervalMs?: number;
  debounceMs?: number;
  /** Where a failed background evaluation is reported (the next one tries again). */
  onDidFail?: (error: unknown) => void;
}

/**
 * Evaluates the runbook's alerts over the application reports and the rollouts, and keeps one row per
 * episode in `self_heal_alerts`. Safe with several server processes on one database: an evaluation writes
 * only if no evaluation at the same or a later time was recorded before it (see `claimEvaluation`), under
 * that row's lock, and at most one episode per alert and patch is open (a unique index).
 */
export class AlertEvaluator {
  private readonly intervalMs: number;
  private readonly debounceMs: number;
  private interval: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly options: AlertEvaluatorOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? ALERT_EVALUATION_INTERVAL_MS;
    this.debounceMs = options.debounceMs ?? ALERT_EVALUATION_DEBOUNCE_MS;
  }

  /** Evaluates every alert at `now` (default: the database's clock, which also stamps the reports). */
  async evaluate(now?: Date): Promise<EvaluationOutcome> {
    const at = now ?? (await this.databaseNow());
    const holding = await measureConditions(this.db, at);
    return this.db.transaction(async (tx) => {
      if (!(await claimEvaluation(tx, at))) return 'superseded';
      const open = new Map((await openEpisodes(tx)).map((episode): [string, StoredEpisode] => [alertKey(episode.name, episode.patchId), episode]));
      const conditions = new Map(holding.map((condition): [string, HoldingCondition] => [alertKey(condition.name, condition.patchId), condition]));
      for (const key of new Set([...open.keys(), ...conditions.keys()])) {
        const previous = open.get(key) ?? null;
        const condition = conditions.get(key);
        const rule = SELF_HEAL_ALERT_RULES[previous?.name ?? condition!.name];
        const step = stepEpisode(previous, condition !== undefined, at.getTime(), rule.forMs);
        if (step.kind === 'open' && step.started) {
          await insertEpisode(tx, { ...step.episode, name: rule.name, severity: rule.severity, patchId: condition!.patchId, threshold: rule.threshold, value: condition!.value }, at);
        } else if (step.kind === 'open') {
          await updateEpisode(tx, previous!.id, step.episode, condition!.value, at);
        } else if (step.kind === 'resolve') {
          await resolveEpisode(tx, previous!.id, at);
        } else if (step.kind === 'drop') {
          await deleteEpisode(tx, previous!.id);
        }
      }
      return 'applied';
    });
  }

  /** Evaluates every interval from now on (the timer does not keep the process alive). */
  start(): void {
    if (this.stopped || this.interval) return;
    this.interval = setInterval(() => this.runInBackground(), this.intervalMs);
    this.interval.unref();
  }

  /** Asks for an evaluation soon (after report batches): the requests of one burst make one evaluation. */
  requestEvaluation(): void {
    if (this.stopped || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.runInBackground();
    }, this.debounceMs);
    this.debounce.unref();
  }

  /** Stops the timers and waits for a running evaluation (before the database closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.interval);
    clearTimeout(this.debounce);
    this.interval = undefined;
    this.debounce = undefined;
    await this.running;
  }

  private async databaseNow(): Promise<Date> {
    const { rows } = await this.db.query<{ now: string }>('SELECT clock_timestamp() AS now');
    return new Date(rows[0]!.now);
  }

  /** One evaluation at a time in this process; a request during one runs once more after it. */
  private runInBackground(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.evaluate();
        } catch (error) {
          this.options.onDidFail?.(error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
  }
}
