import { homedir } from 'node:os';
import { join } from 'node:path';

/** The backend tokens' file in the data folder (both shells; encrypted in the desktop one). */
export const TOKEN_FILE = 'backend-tokens.json';

/** The folder name Electron gives the app's data (`app.getPath('userData')`), shared by both shells. */
export const APP_DATA_NAME = 'molam-heal-console';

/**
 * Where the console keeps its cache, settings and embedded backend when no folder is given:
 * `MOLAM_DATA_DIR`, else the same per-user folder Electron uses, so both shells see the same data.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (env.MOLAM_DATA_DIR) return env.MOLAM_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DATA_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DATA_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DATA_NAME);
}
