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
 * The sandbox's fault switch as the demo SDK traffic uses it. The switch is global to the server
 * process, so a change lasts the span of one SDK call inside a tick (the simulator's other sandbox
 * traffic runs before or after, never during) and the switch is then put back as it was found. A
 * restore that fails is tried again before the next change and on close, so an injected fault does
 * not outlive its call by more than a tick.
 */
export class SandboxFaultSwitch {
  private unrestored: SandboxFaults | undefined;

  constructor(
    private readonly client: SimulatorClient,
    private readonly devAdminToken: string,
  ) {}

  /** Runs `action` with `change` applied to the switch, then restores it. */
  async during<T>(change: Partial<SandboxFaults>, action: () => Promise<T>): Promise<T> {
    await this.restore();
    const before = await readFaults(this.client, this.devAdminToken);
    this.unrestored = before;
    await this.put({ ...before, ...change });
    try {
      return await action();
    } finally {
      await this.restore();
    }
  }

  /** Puts back a switch a failed restore left changed; a no-op otherwise. */
  async restore(): Promise<void> {
    if (!this.unrestored) return;
    await this.put(this.unrestored);
    this.unrestored = undefined;
  }

  private async put(faults: SandboxFaults): Promise<void> {
    await this.client.send('PUT', '/api/v1/sandbox/faults', { token: this.devAdminToken, body: faults });
  }
}
