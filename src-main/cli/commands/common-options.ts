/**
 * Options and helpers several commands share: the data directory, the logger, the database.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { defaultDataDir } from '../../app/data-dir.js';
import { createLogger, type Logger } from '../../logging/logger.js';
import type { DatabaseConfig } from '../../app/database.js';
import type { CliContext } from '../cli-context.js';

export function dataDirOf(command: Command, context: CliContext): string {
  const global = command.optsWithGlobals<{ dataDir?: string }>();
  return global.dataDir ?? defaultDataDir(context.io.env);
}

export function loggerOf(context: CliContext): Logger {
  return createLogger({ level: context.env().logLevel });
}

export function databaseConfigOf(command: Command, context: CliContext, logger: Logger): DatabaseConfig {
  const env = context.env();
  return { mariadbUrl: env.mariadbUrl, mariadbCaFile: env.mariadbCaFile, elasticsearchUrl: env.elasticsearchUrl, dataDir: dataDirOf(command, context), logger };
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`must be a port number (0-65535), not ${value}`);
  return port;
}
