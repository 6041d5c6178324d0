import type { SdkPatchVersion } from '../../../src-shared/schemas/sdk.js';

/** A JSON value with every object's keys in order, so two versions diff by content, not by key order. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

/**
 * What a reviewer compares of a version: its match, actions and description, pretty-printed with
 * sorted keys. No version (a new patch) is the empty document.
 */
export function versionDocument(version: Pick<SdkPatchVersion, 'match' | 'actions' | 'description'> | null): string {
  if (version === null) return '';
  return JSON.stringify(sortedKeys({ match: version.match, actions: version.actions, description: version.description }), null, 2);
}
