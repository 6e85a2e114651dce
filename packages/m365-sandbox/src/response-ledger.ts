/**
 * What the traffic log records about an answer without keeping its content (the log may be shown
 * and must never hold mail): its size in bytes, and the ids of the messages whose content - the
 * `body`, `uniqueBody` or `internetMessageHeaders` block - it carried. A test can then prove from
 * the log alone what was downloaded, and that a message the app skipped on its envelope never had
 * its content sent.
 */
const CONTENT_FIELDS = ['body', 'uniqueBody', 'internetMessageHeaders'] as const;

/** Bytes of a JSON value or text as it goes on the wire (UTF-8). */
export function responseBytes(body: unknown): number {
  if (body === undefined || body === null) return 0;
  return Buffer.byteLength(typeof body === 'string' ? body : JSON.stringify(body));
}

function addIfContent(item: unknown, into: string[]): void {
  if (typeof item !== 'object' || item === null) return;
  const record = item as Record<string, unknown>;
  if (typeof record['id'] === 'string' && CONTENT_FIELDS.some((field) => field in record)) into.push(record['id']);
}

/** Ids of the messages whose content blocks are in a Graph answer: an entity, a `value` page, or a batch's `responses`. */
export function contentIdsOf(json: unknown): string[] {
  const ids: string[] = [];
  if (typeof json !== 'object' || json === null) return ids;
  const record = json as Record<string, unknown>;
  addIfContent(record, ids);
  if (Array.isArray(record['value'])) for (const item of record['value']) addIfContent(item, ids);
  if (Array.isArray(record['responses'])) {
    for (const response of record['responses']) ids.push(...contentIdsOf((response as { body?: unknown } | null)?.body));
  }
  return ids;
}
