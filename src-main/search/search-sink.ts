/**
 * The only code that talks to Elasticsearch (with reindex and the client factory): puts the
 * index template, writes _bulk batches, recreates the index. An interface so the indexer and the
 * CLI are tested against @elastic/elasticsearch-mock or a real cluster through the same code.
 */
import type { Client } from '@elastic/elasticsearch';
import type { SearchChange } from '../store/mail-store.js';
import { bulkOperations } from './bulk-operations.js';
import { emailIndexTemplate } from './email-index.js';

export interface SearchSink {
  /** Puts the index template (idempotent). */
  ensureTemplate(signal?: AbortSignal): Promise<void>;
  /** Writes the changes; resolves with the emails Elasticsearch refused (id -> reason); rejects when unreachable. */
  send(changes: SearchChange[], signal?: AbortSignal): Promise<ReadonlyMap<number, string>>;
  /** Deletes the index and creates it again, empty, from the template. */
  recreateIndex(signal?: AbortSignal): Promise<void>;
}

export class ElasticsearchSink implements SearchSink {
  constructor(
    private readonly client: Client,
    readonly index: string,
  ) {}

  async ensureTemplate(signal?: AbortSignal): Promise<void> {
    await this.client.indices.putIndexTemplate(emailIndexTemplate(this.index), { signal });
  }

  async send(changes: SearchChange[], signal?: AbortSignal): Promise<ReadonlyMap<number, string>> {
    const failures = new Map<number, string>();
    if (changes.length === 0) return failures;
    const response = await this.client.bulk({ operations: bulkOperations(changes, this.index) }, { signal });
    if (!response.errors) return failures;
    for (const item of response.items) {
      const result = item.index ?? item.delete ?? item.create ?? item.update;
      if (!result) continue;
      const deletedAlready = item.delete !== undefined && result.status === 404;
      if (result.error && !deletedAlready) {
        failures.set(Number(result._id), `${result.status} ${result.error.type}: ${result.error.reason ?? ''}`.trim());
      }
    }
    return failures;
  }

  async recreateIndex(signal?: AbortSignal): Promise<void> {
    await this.client.indices.delete({ index: this.index, ignore_unavailable: true }, { signal });
    await this.ensureTemplate(signal);
    await this.client.indices.create({ index: this.index }, { signal });
  }
}
