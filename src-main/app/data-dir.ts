/**
 * The default data directory: the platform's per-user application data folder, the same one
 * Electron's app.getPath('userData') uses for an app named Correspondent.
 */
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Correspondent');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Correspondent');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Correspondent');
}
