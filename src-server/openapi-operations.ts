import { ROLES, type Role } from '../src-shared/domain/roles.js';
import { requireRole, type Principal } from './http/auth.js';

/**
 * Every operation's `operationId`, by `METHOD url` as the route registers it. Generated clients name
 * their methods after these, so they are written down rather than derived from the path: renaming a
 * URL must not rename a client's method. A route missing here still gets a name derived from its
 * method and path (and a test fails until it is added).
 */
export const OPERATION_IDS: Readonly<Record<string, string>> = {
  'POST /api/v1/plugins/register': 'registerPlugin',
  'GET /api/v1/plugins': 'listPlugins',
  'GET /api/v1/plugins/:plugin_id': 'getPlugin',
  'POST /api/v1/plugins/autoheal': 'proposeHealingPatch',
  'POST /api/v1/plugins/autoheal/:id/approve': 'approveHealingLog',
  'POST /api/v1/plugins/autoheal/:id/reject': 'rejectHealingLog',
  'POST /api/v1/plugins/autoheal/:id/apply': 'applyHealingLog',
  'POST /api/v1/plugins/autoheal/:id/rollback': 'rollbackHealingLog',
  'GET /api/v1/plugins/autoheal/:id/rollback-plan': 'getRollbackPlan',
  'GET /api/v1/plugins/autoheal/:id/preview': 'getPatchPreview',
  'GET /api/v1/plugins/autoheal/logs': 'listHealingLogs',
  'GET /api/v1/plugins/autoheal/logs/:id': 'getHealingLog',
  'GET /api/v1/plugins/autoheal/stats': 'getHealingStats',
  'GET /api/v1/plugins/autoheal/pauses': 'listAutoApplyPauses',
  'POST /api/v1/plugins/autoheal/pauses/:id/resume': 'resumeAutoApply',
  'GET /api/v1/plugins/autoheal/policy': 'getApprovalPolicy',
  'PUT /api/v1/plugins/autoheal/policy': 'setApprovalPolicy',
  'GET /api/v1/plugins/autoheal/commands/:plugin_id': 'pollPluginCommands',
  'POST /api/v1/plugins/autoheal/commands/:command_id/ack': 'ackPluginCommand',
  'POST /api/v1/plugins/autoheal/commands': 'queuePluginCommand',
  'GET /api/v1/plugins/autoheal/commands': 'listPluginCommands',
  'GET /api/v1/plugins/autoheal/rules': 'listHealingRules',
  'POST /api/v1/plugins/autoheal/rules': 'upsertHealingRule',
  'POST /api/v1/plugins/interop/event': 'ingestInteropEvent',
  'GET /api/v1/plugins/interop/events': 'listInteropEvents',
  'GET /api/v1/plugins/interop/events/:id': 'getInteropEvent',
  'GET /api/v1/plugins/interop/stats': 'getInteropStats',
  'POST /api/v1/plugins/interop/retry': 'retryInteropEvents',
  'GET /api/v1/plugins/interop/mappings': 'listEventMappings',
  'POST /api/v1/plugins/interop/mappings': 'upsertEventMapping',
  'POST /api/dev/patches': 'createSdkPatch',
  'PUT /api/dev/patches/:id': 'updateSdkPatch',
  'POST /api/dev/patches/:id/versions/:version/approve': 'approveSdkPatchVersion',
  'POST /api/dev/patches/:id/versions/:version/reject': 'rejectSdkPatchVersion',
  'DELETE /api/dev/patches/:id': 'deactivateSdkPatch',
  'POST /api/dev/patches/:id/reactivate': 'reactivateSdkPatch',
  'GET /api/dev/patches': 'listSdkPatches',
  'GET /api/dev/patches/:id': 'getSdkPatch',
  'POST /api/dev/self-heal': 'lookupSelfHealPatch',
  'GET /api/dev/signing-keys': 'listSigningKeys',
  'POST /api/dev/patch-applications': 'reportPatchApplications',
  'GET /api/dev/patches/active': 'getActivePatchSet',
  'POST /api/dev/patch-refusals': 'reportPatchRefusals',
  'GET /api/dev/patch-refusals': 'listPatchRefusals',
  'GET /api/dev/patches/stats': 'getSdkPatchStats',
  'GET /api/dev/patches/field-stats': 'getSdkPatchFieldStats',
  'GET /api/dev/runbook': 'getSdkRunbook',
  'GET /api/dev/alerts': 'listSelfHealAlerts',
  'GET /api/dev/rollouts': 'listPatchRollouts',
  'GET /api/dev/patches/:id/rollout': 'getPatchRollout',
  'POST /api/dev/patches/:id/rollout': 'steerPatchRollout',
  'POST /v1/payment_intents': 'createPaymentIntent',
  'GET /v1/payment_intents/:id': 'getPaymentIntent',
  'GET /api/v1/sandbox/faults': 'getSandboxFaults',
  'PUT /api/v1/sandbox/faults': 'setSandboxFaults',
  'POST /api/v1/sandbox/keys': 'createSandboxKey',
  'GET /api/v1/sandbox/keys': 'listSandboxKeys',
  'GET /api/v1/sync/changes': 'listChanges',
  'GET /api/v1/stream': 'streamChangeNudges',
  'POST /api/v1/admin/tokens': 'createToken',
  'GET /api/v1/admin/tokens': 'listTokens',
  'DELETE /api/v1/admin/tokens/:id': 'revokeToken',
  'GET /api/v1/audit': 'listAuditEntries',
  'GET /api/v1/whoami': 'whoAmI',
};

const camel = (words: string[]) =>
  words.map((word, index) => (index === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())).join('');

/** The operation's name: from the table, else its method and the static words of its path (`postApiV1Things`). */
export function operationIdOf(method: string, url: string): string {
  const named = OPERATION_IDS[`${method} ${url}`];
  if (named) return named;
  const words = url.split('/').filter((segment) => segment !== '' && !segment.startsWith(':'));
  return camel([method, ...words.flatMap((segment) => segment.split(/[^A-Za-z0-9]+/)).filter(Boolean)]);
}

/**
 * The roles whose tokens the route accepts, asked of `requireRole` itself so the document cannot
 * drift from the check: the listed ones, plus admin wherever a staff role is listed. Routes with no
 * roles (the payments sandbox) take sandbox API keys instead of tokens.
 */
export function effectiveRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => {
    try {
      requireRole({ tokenId: '', name: '', role, merchantId: null } satisfies Principal, roles);
      return true;
    } catch {
      return false;
    }
  });
}
