/**
 * RFC 7396 JSON merge patch, the format of a proposed patch's `state_changes`. One copy: the server
 * applies it (`src-server/autoheal/apply.ts`), the preview computes the state it leads to, and the
 * console shows it.
 */

/** A JSON value as JSON.parse returns it. */
type Json = unknown;
type JsonObject = Record<string, unknown>;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * RFC 7396 JSON merge patch: objects merge key by key, `null` removes a key, anything else
 * replaces. Keys are defined, not assigned, so a `__proto__` key stays plain data.
 */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      const merged = applyMergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value);
      Object.defineProperty(result, key, { value: merged, enumerable: true, writable: true, configurable: true });
    }
  }
  return result;
}

/** The merge patch of an object onto an object: a plugin state and a patch's `state_changes`. */
export function mergeStateChanges(state: JsonObject, changes: JsonObject): JsonObject {
  return applyMergePatch(state, changes) as JsonObject;
}

/** Keys in sorted order at every depth, so equal values print the same text. */
function canonical(value: Json): string {
  const sort = (v: Json): Json =>
    Array.isArray(v) ? v.map(sort) : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v;
  return JSON.stringify(sort(value)) ?? 'undefined';
}

/** Top-level keys whose value differs between two states (present on one side only counts), sorted. */
export function changedTopLevelKeys(before: JsonObject, after: JsonObject): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => Object.hasOwn(before, k) !== Object.hasOwn(after, k) || canonical(before[k]) !== canonical(after[k])).sort();
}
