import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSigningKeys, MolamError, type PatchesChangedEvent } from '../../src-sdk/index.js';
import { createToken } from '../../src-server/http/auth.js';
import { createTestKey } from '../../src-server/sandbox/test-client.js';
import { developersAround, rolloutAction, rolloutOf } from '../../src-server/sdk/rollout-testing.js';
import { createApprovedPatch, uniqueCode } from '../../src-server/sdk/testing.js';
import { startTestServer, TEST_TOKENS, testBackends, type TestServer } from '../../src-server/testing/harness.js';
import { applicationRows, selfHealingClient } from '../support/sdk-fixtures.js';

const HOUR_MS = 3_600_000;

describe.each(testBackends())('a halted rollout reaches the SDK with its next report answer (%s)', (backend) => {
  let server: TestServer;
  let trustedPatchKeys: string[];
  beforeAll(async () => {
    // Half the developers first; the step never advances on its own here.
    server = await startTestServer(backend, { rolloutSteps: [50, 100], rolloutMinApplications: 1_000 });
    trustedPatchKeys = await fetchSigningKeys({ baseUrl: server.baseUrl, sdkToken: TEST_TOKENS.sdk });
  });
  afterAll(async () => server?.close());

  it('heals from its patch set, then after the abort its next report flush withdraws the version and the next failure is not healed', async () => {
    const code = uniqueCode('withdrawn');
    const { patch } = await createApprovedPatch(server, {
      sdk_language: 'node',
      error_signature: `Fall back to XOF ${code}`,
      description: `Fall back to XOF ${code}`,
      severity: 'medium',
      match: { status: 400, error_code: 'invalid_currency' },
      actions: [{ type: 'set_currency', to: 'XOF' }],
    });
    // An SDK token of a developer inside the rollout's first share.
    const sdkToken = `sdk-${randomUUID()}`;
    await createToken(server.db, { name: developersAround(patch.id, 50).inside, role: 'sdk', token: sdkToken });
    const key = await createTestKey(server, uniqueCode('dev-withdrawn'));
    const { client, applied } = selfHealingClient(server.baseUrl, trustedPatchKeys, key, { sdkToken, patchRefreshIntervalMs: HOUR_MS });
    const changes: PatchesChangedEvent[] = [];
    client.on('patchesChanged', (change) => changes.push(change));
    try {
      await client.whenReady();
      expect(changes).toEqual([{ added: [{ patch_id: patch.id, version: 1 }], removed: [], updated: [] }]);

      const healed = await client.paymentIntents.create({ amount: 900, currency: 'ABC' });
      expect(healed.currency).toBe('XOF');
      expect(applied).toEqual([expect.objectContaining({ patch_id: patch.id, version: 1, success: true })]);

      const aborted = await rolloutAction(server, patch.id, { action: 'abort', version: 1, reason: 'charges in the wrong currency' });
      expect(aborted.status).toBe(200);
      expect((await rolloutOf(server, patch.id)).state).toBe('halted');

      // The report of the healed call goes out now; its answer withdraws version 1.
      await client.flushReports();
      expect(await applicationRows(server, patch.id)).toHaveLength(1);
      expect(changes.at(-1)).toEqual({ added: [], removed: [{ patch_id: patch.id, version: 1 }], updated: [] });

      const failed = await client.paymentIntents.create({ amount: 900, currency: 'ABC' }).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(MolamError);
      expect(failed).toMatchObject({ status: 400, code: 'invalid_currency' });
      expect(applied).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});
