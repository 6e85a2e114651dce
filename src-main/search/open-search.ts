/** The search side of a CLI command: a SearchSink on ELASTICSEARCH_URL, without exposing the driver. */
import { DEFAULT_EMAIL_INDEX } from './email-index.js';
import { createSearchClient } from './search-client.js';
import { ElasticsearchSink, type SearchSink } from './search-sink.js';

export type OpenedSearch = { sink: SearchSink; index: string; close(): Promise<void> };

export async function openSearchSink(url: string, options: { caFile?: string | null; index?: string } = {}): Promise<OpenedSearch> {
  const client = await createSearchClient(url, { caFile: options.caFile ?? null });
  const index = options.index ?? DEFAULT_EMAIL_INDEX;
  return { sink: new ElasticsearchSink(client, index), index, close: () => client.close() };
}
