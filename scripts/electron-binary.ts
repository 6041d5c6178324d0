// Finds the Electron binary that the `electron` package downloads at install time, and tries that
// download once when it is missing. It needs internet access, so the project's package.json denies
// Electron's install script: `npm install` then succeeds offline and the binary is fetched here.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The Electron package's folder, or null when the package itself is not installed. */
function electronPackageDir(): string | null {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The installed Electron version (from its package), or null. */
export function electronVersion(): string | null {
  const dir = electronPackageDir();
  return dir ? (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version : null;
}

/** The path of the Electron executable, or null when it has not been downloaded. */
export function findElectronBinary(): string | null {
  const dir = electronPackageDir();
  if (!dir) return null;
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Runs Electron's own download once; returns the binary's path, or null (no internet, say). */
export function tryInstallElectron(): string | null {
  const dir = electronPackageDir();
  if (!dir) return null;
  const result = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'pipe', timeout: 5 * 60_000 });
  return result.status === 0 ? findElectronBinary() : null;
}
