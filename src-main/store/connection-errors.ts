/**
 * Driver errors at connect time say "ECONNREFUSED" or "ER_ACCESS_DENIED_ERROR"; an admin needs to
 * know which of refused / DNS / credentials / TLS / missing database went wrong. This table turns
 * them into AppError 'database-unavailable' with that one sentence (never the password).
 */
import { AppError } from '../../src-shared/errors.js';

type DriverError = { code?: unknown; errno?: unknown; message?: unknown };

const TLS_CODES = new Set([
  'HANDSHAKE_SSL_ERROR',
  'HANDSHAKE_NO_SSL_SUPPORT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

export type ConnectionTarget = { host: string; port: number; user: string; database: string | null };

export function toConnectionError(error: unknown, target: ConnectionTarget): AppError {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as DriverError;
  const where = `${target.host}:${target.port}`;
  const text = typeof message === 'string' ? message : '';
  const reason = ((): { text: string; retryable: boolean } => {
    switch (code) {
      case 'ECONNREFUSED':
        return { text: `connection refused by ${where} (is MariaDB running and listening there?)`, retryable: true };
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return { text: `DNS lookup failed for host "${target.host}"`, retryable: code === 'EAI_AGAIN' };
      case 'ETIMEDOUT':
      case 'ECONNRESET':
      case 'PROTOCOL_CONNECTION_LOST':
        return { text: `the connection to ${where} timed out or was dropped`, retryable: true };
      case 'ER_ACCESS_DENIED_ERROR':
      case 'ER_DBACCESS_DENIED_ERROR':
      case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
        return { text: `access denied for user "${target.user}" at ${where} (check user, password and grants)`, retryable: false };
      case 'ER_BAD_DB_ERROR':
        return { text: `database "${target.database ?? ''}" does not exist at ${where} and could not be created`, retryable: false };
    }
    if (typeof code === 'string' && (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) {
      return { text: `TLS handshake with ${where} failed (${code}); check the CA file and the server certificate`, retryable: false };
    }
    if (/ssl|tls|certificate/i.test(text)) {
      return { text: `TLS handshake with ${where} failed; check the CA file and the server certificate`, retryable: false };
    }
    return { text: `cannot connect to ${where}${typeof code === 'string' ? ` (${code})` : ''}`, retryable: true };
  })();
  return new AppError('database-unavailable', `MariaDB unavailable: ${reason.text}.`, { retryable: reason.retryable, cause: error });
}

const LOST_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'ER_CONNECTION_KILLED', 'ER_SERVER_SHUTDOWN', 'ER_QUERY_INTERRUPTED']);

/**
 * A driver error met after connecting (the server stopped, the connection was killed) as the
 * AppError 'database-unavailable' every shell shows; other errors are returned unchanged.
 */
/** MariaDB cannot write: its disk (or the table's file) is full. */
const FULL_CODES = new Set(['ER_DISK_FULL', 'ER_RECORD_FILE_FULL', 'ER_OUT_OF_RESOURCES']);

export function asConnectionLoss(error: unknown): unknown {
  const code = (typeof error === 'object' && error !== null ? (error as DriverError).code : undefined) as unknown;
  if (!(error instanceof AppError) && typeof code === 'string' && FULL_CODES.has(code)) {
    // Issue 20: named, so a worker reports "disk-full" and waits instead of an unexplained failure.
    return new AppError('database-unavailable', `MariaDB cannot write (${code}): its disk is full; committed pages are kept and the sync resumes once there is space.`, { retryable: true, cause: error });
  }
  if (error instanceof AppError || typeof code !== 'string' || !LOST_CODES.has(code)) return error;
  return new AppError('database-unavailable', `MariaDB became unavailable (${code}); committed pages are kept and the next cycle resumes from them.`, { retryable: true, cause: error });
}
