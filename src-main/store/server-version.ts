/**
 * The schema and queries assume MariaDB 10.6+ (JSON checks, DATETIME(3), InnoDB defaults, lock
 * semantics). An older server or MySQL is refused at connect time with a message an admin can act
 * on, instead of failing later with an obscure SQL error.
 */
import { AppError } from '../../src-shared/errors.js';

export type ServerVersion = { major: number; minor: number; patch: number; isMariaDb: boolean; raw: string };

export const MINIMUM_MARIADB_VERSION = { major: 10, minor: 6 } as const;

/** Parses `SELECT VERSION()` output, e.g. `10.11.6-MariaDB-0+deb12u1` or `5.5.5-10.6.4-MariaDB` or `8.0.36`. */
export function parseServerVersion(raw: string): ServerVersion | null {
  const match = /^(?:5\.5\.5-)?(\d+)\.(\d+)\.(\d+)/.exec(raw.trim());
  if (!match) return null;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    isMariaDb: /mariadb/i.test(raw),
    raw,
  };
}

/** Throws AppError 'database-version' unless the server is MariaDB >= 10.6. */
export function assertSupportedServer(raw: string): ServerVersion {
  const required = `MariaDB ${MINIMUM_MARIADB_VERSION.major}.${MINIMUM_MARIADB_VERSION.minor} or newer is required`;
  const version = parseServerVersion(raw);
  if (!version) {
    throw new AppError('database-version', `${required}; the server reported an unrecognised version "${raw}".`);
  }
  const found = `${version.major}.${version.minor}.${version.patch}`;
  if (!version.isMariaDb) {
    throw new AppError('database-version', `${required}; found MySQL (or another non-MariaDB server) ${found}.`);
  }
  const { major, minor } = MINIMUM_MARIADB_VERSION;
  if (version.major < major || (version.major === major && version.minor < minor)) {
    throw new AppError('database-version', `${required}; found MariaDB ${found}. Upgrade the server.`);
  }
  return version;
}
