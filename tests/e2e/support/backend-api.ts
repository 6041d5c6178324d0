import type { HealingLog } from '../../../src-shared/schemas/autoheal.js';

/** The demo admin token of the embedded backend (a public demo credential). */
export const DEMO_ADMIN_TOKEN = 'demo-admin-token';

/** Reads a healing log straight from the backend, past the console, as the demo admin. */
export async function fetchServerLog(backendUrl: string, id: string): Promise<HealingLog> {
  const response = await fetch(`${backendUrl}/api/v1/plugins/autoheal/logs/${id}`, {
    headers: { authorization: `Bearer ${DEMO_ADMIN_TOKEN}` },
  });
  if (!response.ok) throw new Error(`GET log ${id}: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { log: HealingLog };
  return body.log;
}

/** Calls the backend as one of the public demo tokens (past the console), and returns the parsed body. */
export async function backendCall<T>(backendUrl: string, method: string, path: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(`${backendUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The auto-apply pauses the backend has for a plugin. */
export async function fetchServerPauses(backendUrl: string, pluginId: string): Promise<Array<{ id: string; resumed_at: string | null; healing_log_id: string | null }>> {
  const page = await backendCall<{ items: Array<{ id: string; resumed_at: string | null; healing_log_id: string | null }> }>(
    backendUrl,
    'GET',
    `/api/v1/plugins/autoheal/pauses?plugin_id=${encodeURIComponent(pluginId)}`,
    DEMO_ADMIN_TOKEN,
  );
  return page.items;
}

/** The auto-apply pauses in force on the backend, newest first. */
export async function fetchActivePauses(
  backendUrl: string,
): Promise<Array<{ id: string; plugin_id: string; rule_name: string; healing_log_id: string | null; version: number }>> {
  const page = await backendCall<{ items: Array<{ id: string; plugin_id: string; rule_name: string; healing_log_id: string | null; version: number }> }>(
    backendUrl,
    'GET',
    '/api/v1/plugins/autoheal/pauses?active=true',
    DEMO_ADMIN_TOKEN,
  );
  return page.items;
}

/** The demo reviewer's token: decisions "taken elsewhere" than the console (which uses the admin's). */
export const DEMO_REVIEWER_TOKEN = 'demo-reviewer-token';

/** Registers a fresh plugin and proposes `count` patches below the auto-apply threshold (they wait for review), oldest first. */
export async function proposePendingLogs(backendUrl: string, count: number, options: { pluginId?: string; label?: string } = {}): Promise<{ pluginId: string; ids: string[] }> {
  const pluginId = options.pluginId ?? `e2e-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  if (!options.pluginId) {
    await backendCall(backendUrl, 'POST', '/api/v1/plugins/register', DEMO_ADMIN_TOKEN, {
      id: pluginId,
      merchant_id: 'e2e-merchant',
      cms: 'woocommerce',
      cms_version: '8.2.1',
      plugin_version: '1.4.0',
      state: { currency: 'EUR' },
    });
  }
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const { log } = await backendCall<{ log: HealingLog }>(backendUrl, 'POST', '/api/v1/plugins/autoheal', DEMO_ADMIN_TOKEN, {
      plugin_id: pluginId,
      detected_issue: `${options.label ?? 'Webhook signature rejected'} #${n + 1}`,
      issue_severity: 'low',
      sira_confidence: 40,
      patch_type: 'config_update',
      proposed_patch: { type: 'config_update', action: 'update_config', state_changes: { webhook_retries: n + 1 } },
    });
    ids.push(log.id);
  }
  return { pluginId, ids };
}

/** Rejects a log on the backend past the console, as the demo reviewer (a decision taken elsewhere). */
export async function rejectOnServer(backendUrl: string, id: string, reason = 'rejected elsewhere'): Promise<HealingLog> {
  const { log } = await backendCall<{ log: HealingLog }>(backendUrl, 'POST', `/api/v1/plugins/autoheal/${id}/reject`, DEMO_REVIEWER_TOKEN, { reason });
  return log;
}

/** The demo SDK's token: what a merchant's SDK presents to `POST /api/dev/self-heal`. */
export const DEMO_SDK_TOKEN = 'demo-sdk-token';

/** The backend's answer to one call, whatever its status (for refusals a test expects). */
export async function backendAnswer(backendUrl: string, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${backendUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the text itself is the body.
  }
  return { status: response.status, body: parsed };
}

/** An SDK call that failed, as `POST /api/dev/self-heal` takes it (sdk = the SDK's language). */
export interface SdkFailure {
  sdk: string;
  error: string;
  status?: number;
  error_code?: string;
}

/** Asks the backend for a patch for a failed SDK call, as the demo SDK; resolves with the served patch's id or null. */
export async function selfHeal(backendUrl: string, failure: SdkFailure): Promise<string | null> {
  const answer = await backendCall<{ patch: { patch_id: string; version: number } | null }>(backendUrl, 'POST', '/api/dev/self-heal', DEMO_SDK_TOKEN, failure);
  return answer.patch?.patch_id ?? null;
}

/** An SDK patch and its versions as the backend has them, newest version first. */
export interface ServerPatch {
  patch: { id: string; error_signature: string; active: boolean; active_version: number | null; version: number; created_by: string; deactivated_at: string | null };
  versions: Array<{ version: number; status: string; created_by: string; reviewed_by: string | null; change_note: string | null; review_comment: string | null; actions: unknown[] }>;
}

export async function fetchServerPatch(backendUrl: string, patchId: string): Promise<ServerPatch> {
  return backendCall<ServerPatch>(backendUrl, 'GET', `/api/dev/patches/${patchId}`, DEMO_ADMIN_TOKEN);
}

/** The newest patch with this error signature on the backend, or undefined. */
export async function findServerPatch(backendUrl: string, errorSignature: string): Promise<ServerPatch['patch'] | undefined> {
  const page = await backendCall<{ items: Array<ServerPatch['patch']> }>(backendUrl, 'GET', '/api/dev/patches?limit=500', DEMO_ADMIN_TOKEN);
  return page.items.find((patch) => patch.error_signature === errorSignature);
}

/**
 * Authors a patch on the backend as the demo admin (so the admin's console may not approve it): a node
 * patch raising the timeout on one failure. Resolves with its id; version 1 waits for review.
 */
export async function authorPatchOnServer(backendUrl: string, failure: Required<SdkFailure>, changeNote = 'authored for an end-to-end test'): Promise<string> {
  const { patch } = await backendCall<{ patch: { id: string } }>(backendUrl, 'POST', '/api/dev/patches', DEMO_ADMIN_TOKEN, {
    sdk_language: failure.sdk,
    error_signature: failure.error_code,
    description: 'Give the processor more time before giving up',
    severity: 'medium',
    match: { status: failure.status, error_code: failure.error_code },
    actions: [{ type: 'increase_timeout', factor: 2, max_ms: 30_000 }],
    change_note: changeNote,
  });
  return patch.id;
}

/** The identity a token stands for (`token_id` is what versions record as their author). */
export async function whoami(backendUrl: string, token: string): Promise<{ name: string; role: string; token_id: string }> {
  return backendCall(backendUrl, 'GET', '/api/v1/whoami', token);
}

/** The backend's field figures now: per patch (lookups answered in the last hour among them) and the unanswered errors. */
export async function fetchFieldStats(backendUrl: string): Promise<{
  patches: Array<{ patch_id: string; lookups_1h: number }>;
  unpatched: Array<{ sdk_language: string; status: number | null; error_code: string | null; error_pattern: string; occurrences: number }>;
}> {
  return backendCall(backendUrl, 'GET', '/api/dev/patches/field-stats', DEMO_ADMIN_TOKEN);
}
