/** Builds the Elasticsearch client from ELASTICSEARCH_URL (credentials may be in the URL) and an optional CA file. */
import { readFile } from 'node:fs/promises';
import { Client } from '@elastic/elasticsearch';
import { AppError } from '../../src-shared/errors.js';

export type SearchClientOptions = { caFile?: string | null; requestTimeoutMs?: number };

export async function createSearchClient(url: string, options: SearchClientOptions = {}): Promise<Client> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new AppError('invalid-input', 'ELASTICSEARCH_URL is not a valid URL (expected https://user:pass@host:9200).', { cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AppError('invalid-input', `ELASTICSEARCH_URL must start with http:// or https://, not ${parsed.protocol}//.`);
  }
  let ca: string | undefined;
  if (options.caFile) {
    try {
      ca = await readFile(options.caFile, 'utf8');
    } catch (cause) {
      throw new AppError('not-configured', `Cannot read the Elasticsearch CA file ${options.caFile}.`, { cause });
    }
  }
  return new Client({
    node: url,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    // Retries are the indexer's job (backoff, outbox); the client fails fast.
    maxRetries: 0,
    ...(ca ? { tls: { ca, rejectUnauthorized: true } } : {}),
  });
}
