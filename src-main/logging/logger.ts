/**
 * Structured logging (pino). At the bottom of the dependency graph: every layer (graph, auth, sync,
 * store, app) logs through this interface, and this file imports nothing of ours. Logs go to stderr
 * or a file, never stdout: stdout belongs to the CLI's --json documents. Secret-bearing keys are
 * redacted by name wherever they appear, as a second line of defence: code must not log secrets or
 * mail content in the first place.
 */
import { pino, type DestinationStream } from 'pino';

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

const SECRET_KEYS = [
  'clientSecret',
  'client_secret',
  'password',
  'secret',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'authorization',
  'Authorization',
  'token',
  'privateKey',
];

export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: undefined,
    },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that drops everything (tests that do not inspect logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
