import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronVersion, findElectronBinary } from '../../scripts/electron-binary.js';
import { ensureElectronBinding } from '../../scripts/electron-native.js';
import type { OpsApi } from '../../src-shared/ipc/contract.js';

/** The page's global as the preload leaves it. */
type AppWindow = { molam: OpsApi };

const root = fileURLToPath(new URL('../../', import.meta.url));
const binary = findElectronBinary();

/** On Linux without a display, Electron needs a virtual one: Xvfb on a free display number. */
async function virtualDisplay(): Promise<{ display: string; stop: () => void } | null> {
  if (process.platform !== 'linux' || process.env.DISPLAY || !existsSync('/usr/bin/Xvfb')) return null;
  const display = `:${90 + Math.floor(Math.random() * 400)}`;
  const xvfb: ChildProcess = spawn('/usr/bin/Xvfb', [display, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await expect.poll(() => existsSync(`/tmp/.X11-unix/X${display.slice(1)}`), { timeout: 10_000 }).toBe(true);
  return { display, stop: () => xvfb.kill('SIGTERM') };
}

test('the desktop console opens its window without console errors and answers over IPC', async () => {
  if (!binary) {
    const reason = 'Electron smoke test skipped: the Electron binary is not installed (its download needs internet access; run `node node_modules/electron/install.js` where there is).';
    console.log(reason);
    test.skip(true, reason);
    return;
  }
  const binding = ensureElectronBinding(electronVersion()!);
  if ('error' in binding) throw new Error(`better-sqlite3 must be built for Electron (scripts/electron-native.ts): ${binding.error}`);

  const dataDir = mkdtempSync(join(tmpdir(), 'molam-electron-'));
  const display = await virtualDisplay();
  const app = await electron.launch({
    executablePath: binary,
    args: [root, `--data-dir=${dataDir}`],
    env: { ...process.env, ...(display ? { DISPLAY: display.display } : {}) },
  });
  try {
    const window = await app.firstWindow();
    const problems: string[] = [];
    window.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    window.on('pageerror', (error) => problems.push(error.message));

    await expect(window.getByTestId('app-root')).toHaveAttribute('data-app-state', 'ready', { timeout: 60_000 });
    expect(window.url()).toMatch(/^app:\/\/molam\//);

    const status = await window.evaluate(() => (globalThis as unknown as AppWindow).molam.invoke('ops:sync.status', {}));
    expect(status).toMatchObject({ ok: true, data: { connectivity: expect.any(String) } });
    const refused = await window.evaluate(() => (globalThis as unknown as AppWindow).molam.invoke('ops:not.a.channel' as never, {} as never));
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    // The page has no Node and no Electron internals.
    expect(await window.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual([
      'undefined',
      'undefined',
    ]);
    expect(problems).toEqual([]);
  } finally {
    await app.close();
    display?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
