/**
 * Removals Graph may report wrongly (issue 16): with IdType="ImmutableId", a message moved out of
 * a folder and back between two rounds is reported as `@removed` from it, and never again
 * (microsoft-graph-docs-contrib #72). A removal of a message this mailbox already decided is
 * harmless (stored mail stays; a skip stays a skip). A removal of one it never decided may hide a
 * message that is still there - back in this folder, or moved to another one whose stream does
 * not report it either (the Microsoft Q&A thread linked from #72) - so it is looked up by id: one
 * in a folder the sync reads is decided with the page, by that folder's rules (a message decided
 * twice is counted once: store/page-decisions.ts); one that is gone (404) or in a folder the sync
 * does not read (Deleted Items, Junk Email) is left alone.
 */
import type { FolderInfo } from '../graph/graph-message.js';
import { addReferencedIds, readMessage } from '../rules/pipeline.js';
import type { MailboxPass } from './sync-context.js';
import type { ReadPage } from '../rules/read-page.js';

export async function recoverRemovals(pass: MailboxPass, folder: FolderInfo, page: ReadPage): Promise<number> {
  if (page.removedIds.length === 0) return 0;
  const { deps, mailbox } = pass;
  const known = await deps.pages.knownItems(mailbox.address, page.removedIds);
  const unknown = page.removedIds.filter((id) => !known.has(id));
  if (unknown.length === 0) return 0;
  const found = await deps.reader.readMessages(mailbox.graphUserId, unknown);
  let recovered = 0;
  for (const [id, message] of found) {
    const parent = (message as { parentFolderId?: unknown } | null)?.parentFolderId;
    const where = parent === folder.id ? folder : pass.folders.find((f) => f.id === parent);
    if (message === null || !where) continue;
    const read = readMessage(message);
    page.items.push({ raw: message, read, ...(where === folder ? {} : { folder: where }) });
    if (read.ok) addReferencedIds(read.message.headers, page.referencedIds);
    recovered += 1;
    deps.logger.info({ mailbox: mailbox.address, folder: folder.id, now: where.id, id }, 'a message Graph reported as removed is still in the mailbox; deciding it');
  }
  return recovered;
}
