/**
 * The environment the CLI honours (shared/docs/cli.md), read once into a frozen object; the core
 * never reads process.env itself.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../../src-shared/errors.js';
import type { LogLevel } from '../logging/logger.js';

export type CliEnv = Readonly<{
  mariadbUrl: string | null;
  mariadbCaFile: string | null;
  elasticsearchUrl: string | null;
  secretKey: string | null;
  logLevel: LogLevel;
}>;

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export function readCliEnv(env: NodeJS.ProcessEnv): CliEnv {
  let secretKey = env.CORRESPONDENT_SECRET_KEY ?? null;
  if (!secretKey && env.CORRESPONDENT_SECRET_KEY_FILE) {
    try {
      secretKey = readFileSync(env.CORRESPONDENT_SECRET_KEY_FILE, 'utf8').trim();
    } catch (cause) {
      throw new AppError('not-configured', `Cannot read CORRESPONDENT_SECRET_KEY_FILE (${env.CORRESPONDENT_SECRET_KEY_FILE}).`, { cause });
    }
  }
  const level = (env.CORRESPONDENT_LOG_LEVEL ?? 'warn') as LogLevel;
  if (!LEVELS.includes(level)) throw new AppError('invalid-input', `CORRESPONDENT_LOG_LEVEL must be one of ${LEVELS.join(', ')}.`);
  return Object.freeze({
    mariadbUrl: env.MARIADB_URL || null,
    mariadbCaFile: env.MARIADB_CA_FILE || null,
    elasticsearchUrl: env.ELASTICSEARCH_URL || null,
    secretKey,
    logLevel: level,
  });
}
