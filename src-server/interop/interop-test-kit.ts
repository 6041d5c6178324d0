import { expect } from 'vitest';
import type { TestServer, TokenName } from '../testing/harness.js';

/** Registers a plugin for merchant-a (or `as`) and returns its id. */
export async function registerPlugin(server: TestServer, id: string, cms: string, as: TokenName = 'merchant'): Promise<string> {
  const response = await server.request('POST', '/api/v1/plugins/register', {
    as,
    body: { id, cms, cms_version: '1.0.0', plugin_version: '2.3.0' },
  });
  expect(response.status).toBe(200);
  return id;
}

/** Sends one interop event as `as` (merchant-a by default). */
export function sendEvent(server: TestServer, body: Record<string, unknown>, as: TokenName = 'merchant') {
  return server.request('POST', '/api/v1/plugins/interop/event', { as, body });
}

/** The stored row of an event, straight from the table. */
export async function storedEvent(server: TestServer, id: string): Promise<Record<string, any>> {
  const { rows } = await server.db.query<Record<string, any>>('SELECT * FROM plugin_interop_events WHERE id = $1', [id]);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}
