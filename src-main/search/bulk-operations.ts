/**
 * The _bulk body for a batch of outbox changes. The document id is the email id, and writes use
 * `index` (create or replace), so sending a change twice (a retry after a timeout whose request
 * did land) leaves the same single document: the outbox is at-least-once, the index idempotent.
 */
import type { SearchChange, SearchDocument } from '../store/mail-store.js';

export type BulkOperation = { index: { _index: string; _id: string } } | { delete: { _index: string; _id: string } } | SearchDocument;

export function bulkOperations(changes: readonly SearchChange[], index: string): BulkOperation[] {
  return changes.flatMap((change): BulkOperation[] => {
    const target = { _index: index, _id: String(change.emailId) };
    return change.document === null ? [{ delete: target }] : [{ index: target }, change.document];
  });
}
