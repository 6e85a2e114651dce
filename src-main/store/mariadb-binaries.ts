/** Locates the installed MariaDB server programs; their absence is an expected, explained failure. */
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/errors.js';

export type MariaDbBinaries = { mariadbd: string; installDb: string };

const FALLBACK_DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/usr/local/mysql/bin'];

/** `searchPath` is a PATH-style list; the usual system folders (`fallbackDirs`) are searched after it. */
export async function findMariaDbBinaries(searchPath: string, fallbackDirs: readonly string[] = FALLBACK_DIRS): Promise<MariaDbBinaries> {
  const dirs = [...searchPath.split(path.delimiter).filter(Boolean), ...fallbackDirs];
  const mariadbd = await findFirst(dirs, ['mariadbd', 'mysqld']);
  const installDb = await findFirst(dirs, ['mariadb-install-db', 'mysql_install_db']);
  if (!mariadbd || !installDb) {
    const missing = [mariadbd ? null : 'mariadbd', installDb ? null : 'mariadb-install-db'].filter(Boolean).join(' and ');
    throw new AppError(
      'database-unavailable',
      `Cannot start the private MariaDB: ${missing} not found on PATH or in ${fallbackDirs.join(', ')}. ` +
        'Run the setup script (it installs MariaDB Server 10.6 or newer), or set MARIADB_URL to an existing server.',
    );
  }
  return { mariadbd, installDb };
}

async function findFirst(dirs: string[], names: string[]): Promise<string | null> {
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return null;
}
