import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Electron build of better-sqlite3 that `scripts/electron-native.ts` makes (node_modules holds the
 * Node build, which Electron cannot load): `MOLAM_SQLITE_BINDING` when set, else
 * out/native/electron-<version>/better_sqlite3.node under the app folder. Null when neither exists;
 * better-sqlite3 then tries its own build, which fails with a message naming the ABI.
 */
export function electronSqliteBinding(appPath: string, electronVersion: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.MOLAM_SQLITE_BINDING, join(appPath, 'out', 'native', `electron-${electronVersion}`, 'better_sqlite3.node')];
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path)) ?? null;
}
