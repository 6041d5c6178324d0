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
