import type { SandboxFaults } from '../../src-shared/schemas/sandbox.js';
import type { Queryable } from '../db/database.js';
import { PatchSigner } from '../sdk/signing.js';
import type { SimulatorClient } from './simulator-client.js';
import { DEMO_DEVELOPER_ID } from './tokens.js';

/** A sandbox key pair the demo SDK signs with. */
export interface DemoSdkKey {
  apiKey: string;
  secretKey: string;
}

/** The demo SDK's sandbox keys: one it calls with, and one rotated (expired) at the start. */
export interface DemoSdkKeys {
  active: DemoSdkKey;
  rotated: DemoSdkKey;
}

/**
 * The patch-signing public keys the demo SDK pins, read in this process: the server's own signer
 * (the key in `dataDir`) and every key the database lists (those of other server processes on the
 * same PostgreSQL). Never fetched over HTTP, the channel the patches come through.
 */
export async function demoPatchKeys(db: Queryable, dataDir: string): Promise<string[]> {
  const own = await new PatchSigner(dataDir).register(db);
  const { rows } = await db.query<{ public_key_pem: string }>('SELECT public_key_pem FROM sdk_signing_keys ORDER BY created_at, key_id');
  return [...new Set([own.publicKeyPem, ...rows.map((row) => row.public_key_pem)])];
}

async function createKey(client: SimulatorClient, devAdminToken: string): Promise<DemoSdkKey> {
  const { body } = await client.send('POST', '/api/v1/sandbox/keys', { token: devAdminToken, body: { developer_id: DEMO_DEVELOPER_ID } });
  const key = body as { api_key: string; secret_key: string };
  return { apiKey: key.api_key, secretKey: key.secret_key };
}

/**
 * Creates the demo SDK's key pairs through the staff API and rotates one of them at once (the
 * sandbox's `rotate_key`), keeping the fault switch as it was. The demo shop's keys are not touched.
 */
export async function createDemoSdkKeys(client: SimulatorClient, devAdminToken: string): Promise<DemoSdkKeys> {
  const active = await createKey(client, devAdminToken);
  const rotated = await createKey(client, devAdminToken);
  const faults = await readFaults(client, devAdminToken);
  await client.send('PUT', '/api/v1/sandbox/faults', { token: devAdminToken, body: { ...faults, rotate_key: rotated.apiKey } });
  return { active, rotated };
}

async function readFaults(client: SimulatorClient, devAdminToken: string): Promise<SandboxFaults> {
  const { body } = await client.send('GET', '/api/v1/sandbox/faults', { token: devAdminToken });
  return body as SandboxFaults;
}

/**
 * Runs `action` with `change` applied to the sandbox's fault switch, then puts the switch back as
 * it was. The switch is global to the server process, so this is kept to the span of one SDK call
 * inside a tick: the simulator's other sandbox traffic runs before or after, never during.
 */
export async function withSandboxFaults<T>(
  client: SimulatorClient,
  devAdminToken: string,
  change: Partial<SandboxFaults>,
  action: () => Promise<T>,
): Promise<T> {
  const before = await readFaults(client, devAdminToken);
  await client.send('PUT', '/api/v1/sandbox/faults', { token: devAdminToken, body: { ...before, ...change } });
  try {
    return await action();
  } finally {
    await client.send('PUT', '/api/v1/sandbox/faults', { token: devAdminToken, body: before });
  }
}
