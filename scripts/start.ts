// `npm start`: the desktop console. Where the Electron binary is missing (it is downloaded from the
// internet, which this machine may not reach) it tries that download once; failing that it says so in
// one line and starts the browser shell instead, so the same command works everywhere.
// Arguments go to the browser shell when it is the one started (--port, --no-open, --data-dir).
import { spawn } from 'node:child_process';
import { buildAll } from './build.js';
import { electronVersion, findElectronBinary, tryInstallElectron } from './electron-binary.js';
import { ensureElectronBinding } from './electron-native.js';
import { isStale } from './freshness.js';
import { DESKTOP_OUTPUT, DESKTOP_SOURCES, ROOT } from './paths.js';
import { runBrowserShell } from './web.js';

async function startDesktop(binary: string, args: readonly string[]): Promise<void> {
  if (isStale(DESKTOP_OUTPUT, DESKTOP_SOURCES)) {
    console.log('Building the desktop console…');
    await buildAll();
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // set, it would turn Electron into a plain Node
  const child = spawn(binary, [ROOT, ...args], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const args = process.argv.slice(2);
const binary = findElectronBinary() ?? tryInstallElectron();
const version = electronVersion();

if (!binary || !version) {
  console.log('The Electron binary is not installed and could not be downloaded here: starting the browser shell instead.');
  await runBrowserShell(args);
} else {
  const binding = ensureElectronBinding(version);
  if ('path' in binding) await startDesktop(binary, args);
  else {
    console.log(`better-sqlite3 could not be built for Electron ${version} (${binding.error}): starting the browser shell instead.`);
    await runBrowserShell(args);
  }
}
