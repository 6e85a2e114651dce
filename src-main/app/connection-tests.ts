/**
 * The setup's "Test connection" buttons: connect once to MariaDB or Elasticsearch and say exactly
 * what failed - the URL, DNS, a refused port, a time-out, TLS, credentials, a server too old -
 * in a sentence from the same tables the app uses at start (store/connection-errors.ts). Never
 * the password: messages name the host, port and user only.
 */
import type { ConnectionTest } from '../../src-shared/setup.js';
import { isAppError } from '../../src-shared/errors.js';
import { serverVersionOf } from '../store/admin.js';
import { connectMariaDb } from '../store/connect.js';
import { createSearchClient } from '../search/search-client.js';

type Failure = Extract<ConnectionTest, { ok: false }>['failure'];

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const TIMEOUT = new Set(['ETIMEDOUT', 'ECONNRESET', 'PROTOCOL_CONNECTION_LOST', 'UND_ERR_CONNECT_TIMEOUT']);
const AUTH = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR']);

/** The driver's code, wherever it sits in the cause chain. */
function codeOf(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !/^[a-z-]+$/.test(code)) return code;
  }
  return null;
}

function failureOf(code: string | null, text: string): Failure {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code && DNS.has(code)) return 'dns';
  if (code && TIMEOUT.has(code)) return 'timeout';
  if (code && AUTH.has(code)) return 'auth';
  if (code === 'ER_BAD_DB_ERROR') return 'database';
  if ((code && /SSL|TLS|CERT|EPROTO|SELF_SIGNED|VERIFY/.test(code)) || /ssl|tls|certificate/i.test(text)) return 'tls';
  return 'other';
}

export async function testDatabase(url: string, caFile: string | null): Promise<ConnectionTest> {
  let pool;
  try {
    pool = await connectMariaDb(url, { connectionLimit: 1, ...(caFile ? { caFile } : {}) });
  } catch (error) {
    if (isAppError(error) && error.code === 'database-version') return { ok: false, failure: 'version', message: error.message };
    if (isAppError(error) && error.code === 'invalid-input') return { ok: false, failure: 'invalid-url', message: error.message };
    if (isAppError(error) && error.code === 'not-configured') return { ok: false, failure: 'tls', message: error.message };
    const message = isAppError(error) ? error.message : 'MariaDB could not be reached.';
    return { ok: false, failure: failureOf(codeOf(error), message), message };
  }
  try {
    const version = await serverVersionOf(pool);
    return { ok: true, serverVersion: version, message: `Connected to MariaDB ${version}.` };
  } finally {
    await pool.end().catch(() => undefined);
  }
}

export const MINIMUM_ELASTICSEARCH_MAJOR = 8;

function searchTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host;
  } catch {
    return 'the server';
  }
}

export async function testSearch(url: string, caFile: string | null): Promise<ConnectionTest> {
  let client;
  try {
    client = await createSearchClient(url, { caFile, requestTimeoutMs: 10_000 });
  } catch (error) {
    const message = isAppError(error) ? error.message : 'The Elasticsearch URL is not valid.';
    return { ok: false, failure: isAppError(error) && error.code === 'not-configured' ? 'tls' : 'invalid-url', message };
  }
  const where = searchTarget(url);
  try {
    const info = await client.info();
    const version = info.version.number;
    const major = Number(version.split('.')[0]);
    if (!Number.isFinite(major) || major < MINIMUM_ELASTICSEARCH_MAJOR) {
      return { ok: false, failure: 'version', message: `Elasticsearch ${MINIMUM_ELASTICSEARCH_MAJOR} or newer is required; ${where} runs ${version}. Upgrade the cluster.` };
    }
    return { ok: true, serverVersion: version, message: `Connected to Elasticsearch ${version} (cluster ${info.cluster_name}).` };
  } catch (error) {
    const status = (error as { meta?: { statusCode?: unknown } }).meta?.statusCode;
    if (status === 401 || status === 403) return { ok: false, failure: 'auth', message: `Elasticsearch at ${where} refused the credentials (HTTP ${status}): check the user and password in the URL, or the API key's privileges.` };
    const text = error instanceof Error ? error.message : String(error);
    const failure = failureOf(codeOf(error) ?? (/ECONNREFUSED/.test(text) ? 'ECONNREFUSED' : /ENOTFOUND|EAI_AGAIN/.test(text) ? 'ENOTFOUND' : /timeout/i.test(text) ? 'ETIMEDOUT' : null), text);
    const messages: Record<Failure, string> = {
      refused: `connection refused by ${where} (is Elasticsearch running and listening there?)`,
      dns: `DNS lookup failed for ${where}`,
      timeout: `the connection to ${where} timed out`,
      tls: `TLS handshake with ${where} failed; check the CA file and the server certificate`,
      auth: `${where} refused the credentials`,
      version: `${where} runs an unsupported version`,
      database: `${where} answered unexpectedly`,
      'invalid-url': 'the URL is not valid',
      other: `${where} could not be reached${typeof status === 'number' ? ` (HTTP ${status})` : ''}`,
    };
    return { ok: false, failure, message: `Elasticsearch unavailable: ${messages[failure]}.` };
  } finally {
    await client.close().catch(() => undefined);
  }
}
