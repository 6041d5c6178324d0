import { afterAll, beforeAll, beforeEach } from 'vitest';
import { fetchSigningKeys, MolamClient, type MolamClientOptions, type PatchApplication } from '../../src-sdk/index.js';
import type { TestKey } from '../../src-server/sandbox/test-client.js';
import { startTestServer, TEST_TOKENS, type Backend, type TestServer } from '../../src-server/testing/harness.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';

/** What SDK integration tests run against: a real server, a recording proxy in front of it, and its signing keys. */
export interface SdkTestBed {
  server: TestServer;
  proxy: RecordingProxy;
  trustedPatchKeys: string[];
}

/**
 * Starts the bed once per suite (every approved version served to every developer at once: staged
 * rollouts are tested on their own) and resets the proxy and the sandbox's faults before each test.
 */
export function useSdkTestBed(backend: Backend): SdkTestBed {
  const bed = {} as SdkTestBed;
  beforeAll(async () => {
    bed.server = await startTestServer(backend, { rolloutSteps: [100] });
    bed.proxy = await startRecordingProxy(bed.server.baseUrl);
    bed.trustedPatchKeys = await fetchSigningKeys({ baseUrl: bed.server.baseUrl, sdkToken: TEST_TOKENS.sdk });
  });
  afterAll(async () => {
    await bed.proxy?.close();
    await bed.server?.close();
  });
  beforeEach(async () => {
    bed.proxy.requests = [];
    bed.proxy.rewrite = undefined;
    bed.proxy.intercept = undefined;
    await bed.server.request('PUT', '/api/v1/sandbox/faults', { as: 'dev_admin', body: {} });
  });
  return bed;
}

/** A logger that keeps its lines, so tests can read what the SDK said. */
export function collectingLogger() {
  const lines: { level: 'info' | 'warn'; message: string; fields?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message: string, fields?: Record<string, unknown>) => lines.push({ level: 'info', message, fields }),
    warn: (message: string, fields?: Record<string, unknown>) => lines.push({ level: 'warn', message, fields }),
  };
}

/** A self-healing client for a sandbox key, talking to `baseUrl`, that keeps its log lines and applications. */
export function selfHealingClient(baseUrl: string, trustedPatchKeys: string[], key: TestKey, options: Partial<MolamClientOptions> = {}) {
  const logger = collectingLogger();
  const applied: PatchApplication[] = [];
  const client = new MolamClient({
    apiKey: key.api_key,
    secretKey: key.secret_key,
    baseUrl,
    enableSelfHealing: true,
    sdkToken: TEST_TOKENS.sdk,
    trustedPatchKeys,
    logger,
    onPatchApplied: (application) => applied.push(application),
    ...options,
  });
  return { client, logger, applied };
}

/** What the server stored of the applications of one patch, oldest first. */
export async function applicationRows(server: TestServer, patchId: string) {
  const { rows } = await server.db.query<{ patch_version: number; success: boolean; rollback_triggered: boolean; error_encountered: string; context: Record<string, unknown> }>(
    'SELECT patch_version, success, rollback_triggered, error_encountered, context FROM sdk_patch_applications WHERE patch_id = $1 ORDER BY applied_at',
    [patchId],
  );
  return rows;
}

/** What the server stored of the refusals of one patch, oldest first. */
export async function refusalRows(server: TestServer, patchId: string) {
  const { rows } = await server.db.query<{ patch_version: number; reason_code: string; highest_seen_version: number | null; developer_id: string }>(
    'SELECT patch_version, reason_code, highest_seen_version, developer_id FROM sdk_patch_refusals WHERE patch_id = $1 ORDER BY id',
    [patchId],
  );
  return rows;
}
