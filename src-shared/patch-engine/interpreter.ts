import { inverseOf, type PatchAction } from '../patch-format.js';
import type { CallState, DryRunStep } from './dry-run-schema.js';

/**
 * The interpreter of the declarative patch actions (`patch-format.ts`) over the state of one SDK
 * call. Pure and immutable: `applyActions` never changes the state it is given; it answers the new
 * state, one step per action, and an `undo` that puts back exactly what each applied action's
 * inverse names (`inverseOf(action).restores`), in reverse order, on whatever state it is given.
 *
 * What each action does to a `CallState`, and what its undo restores:
 *
 * | action                  | effect                                                                 | restores                      |
 * |-------------------------|------------------------------------------------------------------------|-------------------------------|
 * | set_option              | `options[key] = value`                                                 | `options[key]`                |
 * | increase_timeout        | `options.timeout_ms = min(round(timeout_ms × factor), max_ms)`, never lower; needs a positive `timeout_ms` | `options.timeout_ms` |
 * | retry_with_backoff      | `options.retry = { max_attempts, base_ms, max_ms }`                    | `options.retry`               |
 * | use_fallback_credential | `credential = credential_ref`                                          | `credential`                  |
 * | default_field           | sets the dotted body field only if absent, creating missing objects; fails through a non-object | the field, and the objects it created |
 * | set_currency            | `body.currency = to` when present (and equal to `from` when given)     | `body.currency`               |
 * | resign_request          | `x-molam-timestamp` = `context.now` in Unix seconds; `x-molam-signature` dropped (the SDK signs again) | both headers |
 * | respect_retry_after     | `options.retry_after_max_ms = max_wait_ms` (else `MAX_RETRY_AFTER_WAIT_MS`) | `options.retry_after_max_ms` |
 *
 * Headers are matched without regard to case. An action that cannot apply gives a step with `error`
 * and stops the run (the SDK undoes the patch): the caller calls `undo`. Bounded work: one pass over
 * at most 20 actions, each touching one path of at most 200 characters and copying values of at
 * most 4 KiB.
 */

/** What the interpreter needs besides the state: the clock (re-signing stamps the time). */
export interface ApplyContext {
  now: Date;
}

export interface AppliedActions {
  /** The state after every action that applied. */
  state: CallState;
  /** One step per action tried; the last has `error` when an action could not apply. */
  steps: DryRunStep[];
  /** Puts back, on `stateNow`, what the applied actions' inverses restore. */
  undo(stateNow: CallState): CallState;
}

/** Waited at most for a Retry-After when `respect_retry_after` gives no `max_wait_ms` (the format's largest bound). */
export const MAX_RETRY_AFTER_WAIT_MS = 300_000;
export const TIMESTAMP_HEADER = 'x-molam-timestamp';
export const SIGNATURE_HEADER = 'x-molam-signature';

/** Puts back one action's saved piece of state. */
type Restore = (state: CallState) => CallState;

interface Applied {
  state: CallState;
  summary: string;
  restore: Restore;
}

class CannotApply extends Error {}

/** Applies `actions` in order to `state`; see the table above. */
export function applyActions(state: CallState, actions: readonly PatchAction[], context: ApplyContext): AppliedActions {
  const steps: DryRunStep[] = [];
  const restores: Restore[] = [];
  let current = state;
  for (const action of actions) {
    const restoresName = inverseOf(action).restores;
    try {
      const applied = applyAction(current, action, context);
      current = applied.state;
      restores.push(applied.restore);
      steps.push({ type: action.type, summary: applied.summary, restores: restoresName, error: null });
    } catch (error) {
      if (!(error instanceof CannotApply)) throw error;
      steps.push({ type: action.type, summary: 'not applied', restores: restoresName, error: error.message });
      break;
    }
  }
  return {
    state: current,
    steps,
    undo: (stateNow) => restores.reduceRight((restored, restore) => restore(restored), stateNow),
  };
}

function applyAction(state: CallState, action: PatchAction, context: ApplyContext): Applied {
  switch (action.type) {
    case 'set_option':
      return setOption(state, action.key, copyOf(action.value), `option "${action.key}" set to ${JSON.stringify(action.value)}`);
    case 'increase_timeout': {
      const timeout = state.options.timeout_ms;
      if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
        throw new CannotApply('options.timeout_ms is not a positive number of milliseconds, so there is no timeout to increase');
      }
      const next = Math.max(timeout, Math.min(Math.round(timeout * action.factor), action.max_ms));
      return setOption(state, 'timeout_ms', next, `timeout raised from ${timeout} ms to ${next} ms (×${action.factor}, at most ${action.max_ms} ms)`);
    }
    case 'retry_with_backoff': {
      const retry = { max_attempts: action.max_attempts, base_ms: action.base_ms, max_ms: action.max_ms };
      return setOption(state, 'retry', retry, `retry up to ${retry.max_attempts} times, backing off from ${retry.base_ms} ms to ${retry.max_ms} ms`);
    }
    case 'use_fallback_credential': {
      const before = state.credential;
      return {
        state: { ...state, credential: action.credential_ref },
        summary: `credential "${before}" replaced by "${action.credential_ref}"`,
        restore: (now) => ({ ...now, credential: before }),
      };
    }
    case 'default_field':
      return defaultField(state, action.field, action.value);
    case 'set_currency': {
      const currency = state.request.body.currency;
      if (currency === undefined) return unchanged(state, 'the body has no currency; nothing to replace');
      if (action.from !== undefined && currency !== action.from) {
        return unchanged(state, `currency ${JSON.stringify(currency)} is not ${action.from}; left as it is`);
      }
      return {
        state: withBody(state, { ...state.request.body, currency: action.to }),
        summary: `currency ${JSON.stringify(currency)} replaced by ${action.to}`,
        restore: (now) => withBody(now, { ...now.request.body, currency }),
      };
    }
    case 'resign_request': {
      const saved = pickHeaders(state.request.headers);
      const timestamp = String(Math.floor(context.now.getTime() / 1000));
      const headers = { ...withoutHeaders(state.request.headers), [TIMESTAMP_HEADER]: timestamp };
      const tolerance = action.clock_skew_tolerance_s === undefined ? '' : ` (clock skew tolerated: ${action.clock_skew_tolerance_s} s)`;
      return {
        state: withHeaders(state, headers),
        summary: `request re-signed at ${timestamp}${tolerance}: ${TIMESTAMP_HEADER} set, ${SIGNATURE_HEADER} to be computed again`,
        restore: (now) => withHeaders(now, { ...withoutHeaders(now.request.headers), ...saved }),
      };
    }
    case 'respect_retry_after': {
      const wait = action.max_wait_ms ?? MAX_RETRY_AFTER_WAIT_MS;
      return setOption(state, 'retry_after_max_ms', wait, `wait for Retry-After, at most ${wait} ms`);
    }
  }
}

function unchanged(state: CallState, summary: string): Applied {
  return { state, summary, restore: (now) => now };
}

/** Sets `options[key]`; the restore puts back its value before (or removes it when it had none). */
function setOption(state: CallState, key: string, value: unknown, summary: string): Applied {
  const had = Object.hasOwn(state.options, key);
  const before = state.options[key];
  return {
    state: { ...state, options: { ...state.options, [key]: value } },
    summary,
    restore: (now) => ({ ...now, options: had ? { ...now.options, [key]: before } : without(now.options, key) }),
  };
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function defaultField(state: CallState, field: string, value: unknown): Applied {
  const path = field.split('.');
  let node: unknown = state.request.body;
  for (let depth = 0; depth < path.length; depth += 1) {
    if (!isObject(node)) {
      throw new CannotApply(`body.${path.slice(0, depth).join('.')} is not an object, so "${field}" cannot be set in it`);
    }
    if (!Object.hasOwn(node, path[depth]!)) {
      // The first missing segment: the objects from here down are created, and removed again on
      // undo as long as nothing else was put in them meanwhile.
      const nested = path.slice(depth + 1).reduceRight<unknown>((inner, key) => ({ [key]: inner }), copyOf(value));
      return {
        state: withBody(state, setIn(state.request.body, path.slice(0, depth + 1), nested)),
        summary: `body.${field} set to ${JSON.stringify(value)} (it was absent)`,
        restore: (now) => withBody(now, removeIn(now.request.body, path, depth)),
      };
    }
    node = node[path[depth]!];
  }
  return unchanged(state, `body.${field} already set; left as it is`);
}

/** `object` with `path` set to `value`, copying only the objects along the path. */
function setIn(object: JsonObject, path: readonly string[], value: unknown): JsonObject {
  const [key, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return { ...object, [key]: value };
  const child = isObject(object[key]) ? object[key] : {};
  return { ...object, [key]: setIn(child, rest, value) };
}

/**
 * `object` without the value at `path` (unchanged when the path is no longer there); the objects
 * on the path from index `createdFrom` on are removed too once they are left empty.
 */
function removeIn(object: JsonObject, path: readonly string[], createdFrom: number): JsonObject {
  const [key, ...rest] = path as [string, ...string[]];
  if (!Object.hasOwn(object, key)) return object;
  if (rest.length === 0) return without(object, key);
  const child = object[key];
  if (!isObject(child)) return object;
  const remaining = removeIn(child, rest, createdFrom - 1);
  return createdFrom <= 0 && Object.keys(remaining).length === 0 ? without(object, key) : { ...object, [key]: remaining };
}

function without(object: JsonObject, key: string): JsonObject {
  const { [key]: _removed, ...rest } = object;
  return rest;
}

const isSignatureHeader = (name: string) => {
  const lower = name.toLowerCase();
  return lower === TIMESTAMP_HEADER || lower === SIGNATURE_HEADER;
};
const pickHeaders = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => isSignatureHeader(name)));
const withoutHeaders = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !isSignatureHeader(name)));

const withHeaders = (state: CallState, headers: Record<string, string>): CallState => ({ ...state, request: { ...state.request, headers } });
const withBody = (state: CallState, body: JsonObject): CallState => ({ ...state, request: { ...state.request, body } });

/** A copy of an action's value (at most 4 KiB of JSON), so the state never shares it with the patch. */
const copyOf = (value: unknown): unknown => (value === null || typeof value !== 'object' ? value : JSON.parse(JSON.stringify(value)));
