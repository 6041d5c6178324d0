import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../services/secret-store.js';
import { waitFor } from '../sync/testing/fixtures.js';
import { EMBEDDED_PROFILE_NAME, EMBEDDED_TOKEN } from '../services/embedded-backend.js';
import { startMainServices } from './main-services.js';

describe('main services with no profile configured', () => {
  let dir: string;
  let services: Awaited<ReturnType<typeof startMainServices>>;
  const lines: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'molam-main-test-'));
    services = await startMainServices({
      dataDir: dir,
      secretStore: new FileSecretStore(join(dir, 'tokens.json')),
      simulator: false,
      log: (line) => lines.push(line),
    });
  });
  afterAll(async () => {
    await services?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the welcome screen’s choice, then starts the embedded reference backend with demo data and syncs from it', async () => {
    expect(await services.settings.view()).toMatchObject({ profiles: [], activeProfileId: null });
    expect(services.sync.status()).toMatchObject({ profile: null, connectivity: 'offline', lastError: expect.stringMatching(/no backend is chosen yet/) });
    expect(lines.join('\n')).not.toMatch(/embedded backend:/);

    await services.settings.useDemo();
    const settings = await services.settings.view();
    expect(settings.profiles).toEqual([expect.objectContaining({ name: EMBEDDED_PROFILE_NAME, embedded: true, active: true, hasToken: true })]);
    expect(settings.profiles[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await waitFor(() => services.sync.status().initialSyncDone, 'the first sync from the embedded backend', 60_000);
    const status = services.sync.status();
    expect(status).toMatchObject({ connectivity: 'online', identity: { role: 'admin' }, lastError: null });
    expect(services.logs.counts().total).toBeGreaterThan(0);
    expect(lines.join('\n')).toMatch(/embedded backend: .*listening on http:\/\/127\.0\.0\.1:/);
    expect(JSON.stringify([await services.settings.view(), status])).not.toContain(EMBEDDED_TOKEN);
    // The embedded backend starts here, not in a hook: PGlite's first start and the demo seed take a while on a busy machine.
  }, 120_000);

  it('refuses to move the embedded profile to another address', async () => {
    const [embedded] = (await services.settings.view()).profiles;
    await expect(services.settings.saveProfile({ id: embedded!.id, name: 'Demo', url: 'http://127.0.0.1:1' })).rejects.toMatchObject({
      kind: 'invalid_request',
    });
    expect((await services.settings.saveProfile({ id: embedded!.id, name: 'Demo', url: embedded!.url })).name).toBe('Demo');
  });

  it('goes back to the same embedded profile from another backend, never creating a second one', async () => {
    const other = await services.settings.saveProfile({ name: 'Elsewhere', url: 'http://127.0.0.1:9', token: 'some-token' });
    await services.settings.switchProfile(other.id);
    expect(services.sync.status().profile).toMatchObject({ name: 'Elsewhere' });
    const status = await services.settings.useDemo();
    expect(status.profile).toMatchObject({ name: 'Demo' });
    const { profiles } = await services.settings.view();
    expect(profiles.filter((p) => p.embedded)).toEqual([expect.objectContaining({ active: true })]);
  });
});
