import { pluginBody, proposal } from '../autoheal/autoheal-test-kit.js';
import { TEST_TOKENS, type TokenName } from '../testing/harness.js';

/** A small deterministic PRNG, so a run's choice of operations can be replayed from its printed seed. */
export function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What each operation may answer. 409 is a lost race (a log another client moved on, a command
 * acknowledged twice), never a defect; 5xx and any other status are.
 */
export const EXPECTED_STATUSES = {
  propose: [201],
  approve: [200, 409],
  reject: [200, 409],
  apply: [200, 409],
  poll: [200],
  ack: [200, 409],
  rollback: [200, 409],
  rule_upsert: [200],
  mapping_upsert: [200],
  interop_event: [202],
  plugin_error: [202],
  self_heal: [200],
  feed: [200],
} as const satisfies Record<string, readonly number[]>;
export type Operation = keyof typeof EXPECTED_STATUSES;

/** How often each operation is drawn (relative weights). */
const WEIGHTS: Array<[Exclude<Operation, 'feed'>, number]> = [
  ['propose', 12],
  ['approve', 12],
  ['reject', 2],
  ['apply', 10],
  ['poll', 12],
  ['ack', 12],
  ['rollback', 6],
  ['rule_upsert', 4],
  ['mapping_upsert', 4],
  ['interop_event', 10],
  ['plugin_error', 6],
  ['self_heal', 10],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);

export interface Answer {
  status: number;
  body: any;
}

/** Counts of answers per operation and status, with every unexpected answer kept whole. */
export class Tally {
  readonly counts = new Map<string, number>();
  readonly unexpected: Array<{ operation: Operation; method: string; path: string; status: number; body: unknown }> = [];
  /** `plugin.error` events acknowledged but stored as `failed` because their dispatch threw. */
  readonly failedDispatches: unknown[] = [];

  record(operation: Operation, method: string, path: string, answer: Answer): void {
    const key = `${operation} ${answer.status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (!(EXPECTED_STATUSES[operation] as readonly number[]).includes(answer.status)) {
      this.unexpected.push({ operation, method, path, status: answer.status, body: answer.body });
    }
  }

  /** Answers to `operation`, whatever their status. */
  count(operation: Operation): number {
    let n = 0;
    for (const [key, value] of this.counts) if (key.startsWith(`${operation} `)) n += value;
    return n;
  }

  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  fiveHundreds(): Tally['unexpected'] {
    return this.unexpected.filter((u) => u.status >= 500);
  }

  /** One line per operation: `approve  200 × 812, 409 × 97`. */
  lines(): string[] {
    const byOperation = new Map<string, string[]>();
    for (const [key, n] of [...this.counts].sort()) {
      const [operation, status] = key.split(' ') as [string, string];
      byOperation.set(operation, [...(byOperation.get(operation) ?? []), `${status} × ${n}`]);
    }
    return [...byOperation].map(([operation, parts]) => `${operation.padEnd(15)} ${parts.join(', ')}`);
  }
}

/** The plugins the workload works on: few enough that writers meet on the same rows. */
export const WORKLOAD_PLUGINS = [
  { id: 'par-woo-1', cms: 'woocommerce' },
  { id: 'par-woo-2', cms: 'woocommerce' },
  { id: 'par-shop-1', cms: 'shopify' },
  { id: 'par-shop-2', cms: 'shopify' },
  { id: 'par-presta-1', cms: 'prestashop' },
  { id: 'par-magento-1', cms: 'magento' },
] as const;

export const SELF_HEAL_CODE = 'parallel_writers_429';
/** The message of the rule this workload keeps upserting; its plugin errors match it. */
const RULE_MESSAGE = 'molam gateway stalled';
/** Plugin errors the seed rules (and the upserted rule) match: proposals, some auto-applied. */
const PLUGIN_ERRORS = [
  "SQLSTATE[42S22]: Unknown column 'molam_fee' in 'field list'",
  'Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)',
  `cURL error 28: ${RULE_MESSAGE} after 30001 milliseconds`,
];

export type Send = (method: string, path: string, as: TokenName, body?: unknown) => Promise<Answer>;

/**
 * A realistic mix of writes from every side (analyser, reviewers, ops, plugins, developers, SDKs)
 * over shared state: the ids each step learns (pending proposals, approved logs, leased commands,
 * applied logs) feed the later steps, as they would in production.
 */
export class Workload {
  private readonly pending: string[] = [];
  private readonly approved: string[] = [];
  private readonly applied: string[] = [];
  private readonly leased: Array<{ id: string; type: string; logId: string | null }> = [];
  private sequence = 0;

  constructor(
    private readonly random: () => number,
    private readonly tally: Tally,
  ) {}

  /** Plugin registrations for the merchant the workload acts as. */
  static registrations() {
    return WORKLOAD_PLUGINS.map((p) => pluginBody(p.id, p.cms));
  }

  /** Sends one request: an operation drawn by weight among those that have something to work on. */
  async step(send: Send): Promise<void> {
    while (!(await this.run(this.draw(), send)));
  }

  private draw(): Exclude<Operation, 'feed'> {
    let x = this.random() * TOTAL_WEIGHT;
    for (const [operation, weight] of WEIGHTS) {
      if ((x -= weight) < 0) return operation;
    }
    return WEIGHTS[0]![0];
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** Takes a random element out of `list` (undefined when empty). */
  private take<T>(list: T[]): T | undefined {
    if (list.length === 0) return undefined;
    const i = Math.floor(this.random() * list.length);
    return list.splice(i, 1)[0];
  }

  private async call(operation: Operation, send: Send, method: string, path: string, as: TokenName, body?: unknown): Promise<Answer> {
    const answer = await send(method, path, as, body);
    this.tally.record(operation, method, path, answer);
    return answer;
  }

  /** Returns false, having sent nothing, when the operation has nothing to work on yet. */
  private async run(operation: Exclude<Operation, 'feed'>, send: Send): Promise<boolean> {
    const n = ++this.sequence;
    const plugin = this.pick(WORKLOAD_PLUGINS);
    switch (operation) {
      case 'propose': {
        // One in four is confident and names an auto-applying rule: applied at once, with a command.
        const body =
          this.random() < 0.25
            ? proposal(plugin.id, {
                rule: 'missing_database_column',
                detected_issue: `Unknown column 'molam_ref_${n}' in field list`,
                issue_severity: 'high',
                patch_type: 'database_patch',
                proposed_patch: { type: 'database_patch', action: 'add_column', column: `molam_ref_${n}`, state_changes: { schema_version: n } },
                sira_confidence: 95,
              })
            : proposal(plugin.id, {
                issue_severity: this.pick(['low', 'medium', 'high']),
                sira_confidence: 50 + Math.floor(this.random() * 30),
                proposed_patch: { type: 'config_update', action: 'update_config', state_changes: { memory_limit: `${256 + n}M` } },
              });
        const answer = await this.call(operation, send, 'POST', '/api/v1/plugins/autoheal', 'sira', body);
        if (answer.status === 201 && answer.body.log.status === 'pending_review') this.pending.push(answer.body.log.id);
        return true;
      }
      case 'approve':
      case 'reject': {
        const id = operation === 'approve' ? this.pending.at(-1 - Math.floor(this.random() * Math.min(4, this.pending.length))) : this.take(this.pending);
        if (!id) return false;
        const as = this.random() < 0.5 ? 'reviewer' : 'reviewer2';
        const body = operation === 'reject' ? { reason: 'parallel writers test' } : {};
        const answer = await this.call(operation, send, 'POST', `/api/v1/plugins/autoheal/${id}/${operation}`, as, body);
        if (answer.status === 200 && answer.body.log.status === 'approved') {
          const at = this.pending.indexOf(id);
          if (at >= 0) this.pending.splice(at, 1);
          this.approved.push(id);
        }
        return true;
      }
      case 'apply': {
        const id = this.take(this.approved);
        if (!id) return false;
        await this.call(operation, send, 'POST', `/api/v1/plugins/autoheal/${id}/apply`, 'ops', {});
        return true;
      }
      case 'poll': {
        const answer = await this.call(operation, send, 'GET', `/api/v1/plugins/autoheal/commands/${plugin.id}?limit=5&lease_seconds=120`, 'merchant');
        if (answer.status === 200) {
          for (const c of answer.body.commands) this.leased.push({ id: c.id, type: c.command_type, logId: c.healing_log_id });
        }
        return true;
      }
      case 'ack': {
        const command = this.take(this.leased);
        if (!command) return false;
        const success = this.random() < 0.9;
        const body = success ? { success, result: { took_ms: n % 500 } } : { success, error: 'ALTER TABLE failed: lock wait timeout' };
        const answer = await this.call(operation, send, 'POST', `/api/v1/plugins/autoheal/commands/${command.id}/ack`, 'merchant', body);
        if (answer.status === 200 && success && command.type === 'apply_patch' && command.logId) this.applied.push(command.logId);
        return true;
      }
      case 'rollback': {
        const id = this.take(this.applied);
        if (!id) return false;
        await this.call(operation, send, 'POST', `/api/v1/plugins/autoheal/${id}/rollback`, 'ops', { reason: 'parallel writers test' });
        return true;
      }
      case 'rule_upsert': {
        // Few names, so upserts of the same rule meet; one of them matches the plugin errors sent.
        const k = Math.floor(this.random() * 3);
        await this.call(operation, send, 'POST', '/api/v1/plugins/autoheal/rules', 'dev_admin', {
          name: `parallel_rule_${k}`,
          description: `upserted by request ${n}`,
          error_pattern: k === 0 ? RULE_MESSAGE : `parallel pattern ${k}`,
          platforms: ['all'],
          auto_apply: false,
          confidence: 40 + (n % 50),
          action: 'notify_merchant',
          patch_type: 'notification',
        });
        return true;
      }
      case 'mapping_upsert': {
        const k = Math.floor(this.random() * 3);
        await this.call(operation, send, 'POST', '/api/v1/plugins/interop/mappings', 'dev_admin', {
          platform: 'shopify',
          source_event: `parallel/event_${k}`,
          normalized_event: 'refund.issued',
          field_mapping: n % 2 === 0 ? { id: 'order_id', amount: 'amount' } : { id: 'order_id', amount: 'amount', currency: 'currency' },
        });
        return true;
      }
      case 'interop_event': {
        const shopify = WORKLOAD_PLUGINS.filter((p) => p.cms === 'shopify');
        const body =
          this.random() < 0.5
            ? { plugin_id: 'par-woo-1', event_id: `woo-${n}-${this.random()}`, event_type: 'woocommerce_payment_complete', payload: { order_id: n, total: '55000', currency: 'XOF' } }
            : { plugin_id: this.pick(shopify).id, event_type: this.pick(['orders/paid', 'parallel/event_0', 'parallel/event_1']), payload: { id: n, amount: '12.50', currency: 'EUR' } };
        await this.call(operation, send, 'POST', '/api/v1/plugins/interop/event', 'merchant', body);
        return true;
      }
      case 'plugin_error': {
        const answer = await this.call(operation, send, 'POST', '/api/v1/plugins/interop/event', 'merchant', {
          plugin_id: plugin.id,
          event_type: 'plugin.error',
          payload: { message: this.pick(PLUGIN_ERRORS), file: 'class-molam-gateway.php', line: n },
        });
        // A dispatch that failed is stored as `failed` for a retry: under plain concurrency that is a defect too.
        if (answer.status === 202 && answer.body.status === 'failed') this.tally.failedDispatches.push(answer.body);
        return true;
      }
      case 'self_heal': {
        await this.call(operation, send, 'POST', '/api/dev/self-heal', 'sdk', {
          sdk: 'node',
          sdk_version: '2.3.0',
          error: '429 Too Many Requests',
          status: 429,
          error_code: this.random() < 0.8 ? SELF_HEAL_CODE : 'unknown_code',
        });
        return true;
      }
    }
  }
}

/** A fetch-based client for one server, as `as`; answers are parsed JSON when they are JSON. */
export function sender(baseUrl: string): Send {
  return async (method, path, as, body) => {
    const headers: Record<string, string> = { authorization: `Bearer ${TEST_TOKENS[as]}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  };
}
