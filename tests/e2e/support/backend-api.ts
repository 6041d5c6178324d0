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
