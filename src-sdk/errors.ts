/** What the API or the network answered when a call failed. */
export interface FailureDetails {
  /** HTTP status; undefined when no answer came (timeout, network). */
  status: number | undefined;
  /** The API's machine code (`invalid_currency`), or `timeout` / `network_error`. */
  code: string;
  message: string;
  field?: string;
  details?: Record<string, unknown>;
  /** `Retry-After` in milliseconds when the API sent one. */
  retryAfterMs?: number;
}

/** What happened when the SDK tried to heal a failed call. */
export interface HealAttempt {
  patch_id: string;
  version: number;
  /** Whether the healed retry succeeded. */
  success: boolean;
  /** Whether the patch's actions were undone (the retry failed or an action could not apply). */
  rollback_triggered: boolean;
  /** The retry's failure, when it failed. */
  retryFailure?: FailureDetails;
}

/** A failed Molam call. `heal` says what self-healing tried, when it tried. */
export class MolamError extends Error {
  readonly status: number | undefined;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  heal: HealAttempt | undefined;

  constructor(readonly failure: FailureDetails) {
    super(failure.status === undefined ? `Molam API ${failure.code}: ${failure.message}` : `Molam API ${failure.status} ${failure.code}: ${failure.message}`);
    this.name = 'MolamError';
    this.status = failure.status;
    this.code = failure.code;
    this.field = failure.field;
    this.details = failure.details;
  }
}

/** A configuration mistake, raised by the constructor. */
export class MolamConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MolamConfigError';
  }
}
