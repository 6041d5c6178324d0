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
