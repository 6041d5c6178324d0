import { expect } from 'vitest';
import type { TestServer, TokenName } from '../testing/harness.js';

/** A plugin as a merchant registers it, with patchable state. */
export function pluginBody(id: string, cms = 'woocommerce') {
  return { id, cms, cms_version: '8.2.1', plugin_version: '1.4.0', php_version: '8.1', state: { memory_limit: '128M', mode: 'live', debug: false } };
}

/** Registers a plugin for merchant-a (or `as`) and returns its row. */
export async function registerPlugin(server: TestServer, id: string, options: { cms?: string; as?: TokenName } = {}) {
  const response = await server.request('POST', '/api/v1/plugins/register', { as: options.as ?? 'merchant', body: pluginBody(id, options.cms) });
  expect(response.status).toBe(200);
  return response.body;
}

/** A proposal body for `pluginId`; `overrides` replace top-level fields. */
export function proposal(pluginId: string, overrides: Record<string, unknown> = {}) {
  return {
    plugin_id: pluginId,
    detected_issue: 'Allowed memory size of 134217728 bytes exhausted',
    issue_severity: 'medium',
    patch_type: 'config_update',
    proposed_patch: { type: 'config_update', action: 'update_config', state_changes: { memory_limit: '512M', debug: null } },
    sira_confidence: 70,
    ...overrides,
  };
}

/** Proposes as sira and expects 201. */
export async function propose(server: TestServer, pluginId: string, overrides: Record<string, unknown> = {}) {
  const response = await server.request('POST', '/api/v1/plugins/autoheal', { as: 'sira', body: proposal(pluginId, overrides) });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Sends a transition (`approve`, `reject`, `apply`, `rollback`) on a log. */
export function transition(
  server: TestServer,
  logId: string,
  verb: 'approve' | 'reject' | 'apply' | 'rollback',
  options: { as?: TokenName | null; body?: unknown; version?: number; key?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.version !== undefined) headers['if-match'] = `"${options.version}"`;
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  const as = options.as !== undefined ? options.as : ({ approve: 'reviewer', reject: 'reviewer', apply: 'ops', rollback: 'ops' } as const)[verb];
  return server.request('POST', `/api/v1/plugins/autoheal/${logId}/${verb}`, { as, body: options.body ?? {}, headers });
}

/** The plugin polls its commands (as its merchant) and returns them. */
export async function poll(server: TestServer, pluginId: string) {
  const response = await server.request('GET', `/api/v1/plugins/autoheal/commands/${pluginId}`, { as: 'merchant' });
  expect(response.status).toBe(200);
  return response.body.commands as Array<{ id: string; command_type: string; payload: Record<string, unknown>; priority: number }>;
}

/** The plugin row's patchable columns, straight from the database. */
export async function pluginColumns(server: TestServer, id: string) {
  const { rows } = await server.db.query('SELECT cms_version, plugin_version, php_version, state FROM plugins WHERE id = $1', [id]);
  return rows[0];
}

/** Proposes with a rule that auto-applies and returns the applying log and its command id. */
export async function autoApplied(server: TestServer, pluginId: string) {
  const body = await propose(server, pluginId, {
    rule: 'missing_database_column',
    detected_issue: "Unknown column 'molam_ref' in field list",
    issue_severity: 'high',
    patch_type: 'database_patch',
    proposed_patch: { type: 'database_patch', action: 'add_column', column: 'molam_ref', state_changes: { schema_version: 2 } },
    sira_confidence: 95,
  });
  expect(body.auto_applied).toBe(true);
  return body as { log: { id: string; version: number; status: string }; command_id: string };
}

/** Creates or replaces a healing rule as dev_admin and expects 200. */
export async function upsertRule(server: TestServer, body: Record<string, unknown>) {
  const response = await server.request('POST', '/api/v1/plugins/autoheal/rules', { as: 'dev_admin', body });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}
