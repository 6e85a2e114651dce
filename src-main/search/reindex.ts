/**
 * `correspondent reindex`: rebuilds the Elasticsearch index from MariaDB, the system of record.
 * The index is recreated empty from the template, every stored email is queued in the outbox,
 * and the outbox is drained. Searches see a partial index while it refills; nothing written
 * meanwhile is lost, because new changes go through the same outbox.
 */
import type { SearchOutbox } from './search-indexer.js';
import { SearchIndexer } from './search-indexer.js';
import type { SearchSink } from './search-sink.js';

export interface ReindexStore extends SearchOutbox {
  enqueueAllForSearch(): Promise<number>;
}

export type ReindexResult = { queued: number; sent: number; failed: number; backlog: number };

export async function rebuildSearchIndex(store: ReindexStore, sink: SearchSink, signal?: AbortSignal): Promise<ReindexResult> {
  await sink.recreateIndex(signal);
  const queued = await store.enqueueAllForSearch();
  const indexer = new SearchIndexer(store, sink);
  // Busy (another instance is draining this outbox): it finishes the job; the backlog says what is left.
  const pass = await indexer.drainOnce(signal);
  return { queued, sent: pass.sent, failed: pass.failed, backlog: await store.searchBacklog() };
}
