import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchSigningKeys } from '../../src-sdk/index.js';
import { startServerProcess } from '../server/server-process.js';

/** A sandbox key pair as the staff API creates it. */
export interface SandboxKey {
  api_key: string;
  secret_key: string;
  developer_id: string;
}

/** The reference server the SDK benchmark runs against, with what its calls need. */
export interface BenchSandbox {
  url: string;
  sdkToken: string;
  trustedPatchKeys: string[];
  /** Creates a sandbox key pair for a developer. */
  createKey(developerId: string): Promise<SandboxKey>;
  /** Expires a key now (fault switch `rotate_key`), keeping the bench's rate limit. */
  rotateKey(apiKey: string): Promise<void>;
  /** Writes a Node patch as a dev_admin and approves its version 1 as a reviewer (two people). */
  approvedPatch(body: { description: string; match: Record<string, unknown>; actions: Record<string, unknown>[] }): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The sandbox's per-key token bucket is sized for demos (20/s); the benchmark measures the SDK,
 * not the limiter, so it opens it wide. `PUT /faults` replaces the whole set: every PUT sends it.
 */
const OPEN_RATE_LIMIT = { per_second: 100_000, burst: 100_000 };

/**
 * Starts the reference server (PGlite, in a child process, so its work does not share this
 * process's event loop with the timed clients) with rollouts that serve an approved version to
 * everyone at once: the benchmark measures healing, not a staged rollout.
 */
export async function startBenchSandbox(): Promise<BenchSandbox> {
  const dataDir = mkdtempSync(join(tmpdir(), 'molam-bench-sdk-'));
  // Read by the server's configuration (rollout option `rolloutSteps`); only the child sees it.
  process.env.MOLAM_ROLLOUT_STEPS = '100';
  const server = await startServerProcess({ databaseUrl: '', dataDir });
  try {
    const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const api = async (method: string, path: string, token: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json()) as any;
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    const token = async (role: string, name: string) => (await api('POST', '/api/v1/admin/tokens', adminToken, { name, role })).token as string;
    const sdkToken = await token('sdk', 'bench sdk');
    const author = await token('dev_admin', 'bench author');
    const reviewer = await token('reviewer', 'bench reviewer');
    await api('PUT', '/api/v1/sandbox/faults', author, { rate_limit: OPEN_RATE_LIMIT });
    return {
      url: server.url,
      sdkToken,
      trustedPatchKeys: await fetchSigningKeys({ baseUrl: server.url, sdkToken }),
      createKey: async (developerId) => (await api('POST', '/api/v1/sandbox/keys', author, { developer_id: developerId })) as SandboxKey,
      rotateKey: async (apiKey) => {
        await api('PUT', '/api/v1/sandbox/faults', author, { rate_limit: OPEN_RATE_LIMIT, rotate_key: apiKey });
      },
      approvedPatch: async ({ description, match, actions }) => {
        const created = await api('POST', '/api/dev/patches', author, {
          sdk_language: 'node',
          error_signature: description,
          description,
          severity: 'high',
          match: { sdk_language: 'node', ...match },
          actions,
        });
        await api('POST', `/api/dev/patches/${created.patch.id}/versions/1/approve`, reviewer, {});
        return created.patch.id as string;
      },
      stop: async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
