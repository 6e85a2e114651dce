/**
 * What one item of a Graph page is, decided in one place for the sync and the preview alike
 * (microsoft-graph.md 3.4): a removal (`@removed`: deleted, or moved out of the folder), a change
 * to an item already sent that carries only a few fields (read flag, categories: nothing to decide,
 * and the stored email is immutable content), or a message to decide on. Anything that is not an
 * object is still a message to the pipeline, which answers 'unreadable' for it.
 */
export type DeltaItemKind = 'removed' | 'changed' | 'message';

/**
 * A full message carries its addressing or identity; a change notice carries none of these
 * (Graph sends only the changed properties and the id for such updates).
 */
function isChangeNotice(raw: Record<string, unknown>): boolean {
  return !('from' in raw) && !('sender' in raw) && !('toRecipients' in raw) && !('internetMessageId' in raw) && !('subject' in raw);
}

export function classifyDeltaItem(item: unknown): DeltaItemKind {
  if (typeof item !== 'object' || item === null) return 'message';
  if ('@removed' in item) return 'removed';
  return isChangeNotice(item as Record<string, unknown>) ? 'changed' : 'message';
}
