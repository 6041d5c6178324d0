import { backendCall } from './backend-api.js';

/**
 * Patches applied by hand on a fresh plugin of the embedded backend, through its HTTP API as the
 * demo tokens (merchant registers and acknowledges, sira proposes, reviewers approve, ops applies).
 */
export async function registerDemoPlugin(backendUrl: string, pluginId: string): Promise<void> {
  await backendCall(backendUrl, 'POST', '/api/v1/plugins/register', 'demo-merchant-token', {
    id: pluginId,
    cms: 'woocommerce',
    cms_version: '8.2.1',
    plugin_version: '1.4.0',
    state: { timeout: 10, memory_limit: '128M' },
  });
}

/** Proposes (no rule), approves, applies and acknowledges one patch; returns its log id. */
export async function applyPatchByHand(backendUrl: string, pluginId: string, issue: string, changes: Record<string, unknown>): Promise<string> {
  const { log } = await backendCall<{ log: { id: string; required_approvals: number } }>(backendUrl, 'POST', '/api/v1/plugins/autoheal', 'demo-sira-token', {
    plugin_id: pluginId,
    detected_issue: issue,
    issue_severity: 'low',
    patch_type: 'config_update',
    proposed_patch: { type: 'config_update', action: 'update_config', state_changes: changes },
    sira_confidence: 60,
  });
  for (const token of ['demo-reviewer-token', 'demo-reviewer2-token'].slice(0, log.required_approvals)) {
    await backendCall(backendUrl, 'POST', `/api/v1/plugins/autoheal/${log.id}/approve`, token, {});
  }
  const applying = await backendCall<{ command_id: string }>(backendUrl, 'POST', `/api/v1/plugins/autoheal/${log.id}/apply`, 'demo-ops-token', {});
  await backendCall(backendUrl, 'GET', `/api/v1/plugins/autoheal/commands/${pluginId}`, 'demo-merchant-token');
  await backendCall(backendUrl, 'POST', `/api/v1/plugins/autoheal/commands/${applying.command_id}/ack`, 'demo-merchant-token', { success: true });
  return log.id;
}
