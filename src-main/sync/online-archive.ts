/**
 * A user's online archive (In-Place Archive), read when the settings ask for it: a mailbox of its
 * own in Exchange, which Graph serves only under /beta (graph-mail-reader.ts `archiveMailboxOf`).
 * Its folders are synced like the primary mailbox's - same address for cursors, sightings and
 * decisions (folder ids differ), the archive's id for the requests - so a message moved to the
 * archive (where its id changes) is deduplicated by its Message-ID like any other copy.
 */
import { isAppError } from '../../src-shared/errors.js';
import type { FolderInfo } from '../graph/graph-message.js';
import type { MailboxPass } from './sync-context.js';

/** The archive's pass (sharing the mailbox's running totals) and folders, or null without an archive. */
export async function archivePassOf(pass: MailboxPass): Promise<{ pass: MailboxPass; folders: FolderInfo[] } | null> {
  const { deps, mailbox } = pass;
  let archiveId: string | null;
  try {
    archiveId = await deps.reader.archiveMailboxOf(mailbox.graphUserId);
  } catch (error) {
    // The primary mailbox was read: an archive that cannot be found is reported, not fatal.
    deps.logger.warn({ mailbox: mailbox.address, err: isAppError(error) ? { code: error.code, message: error.message } : error }, 'the online archive could not be looked up');
    return null;
  }
  if (archiveId === null) return null;
  const folders = (await deps.reader.listSyncableFolders(archiveId)).map((f) => ({ ...f, displayName: `Online archive: ${f.displayName}` }));
  return { pass: { ...pass, mailbox: { ...mailbox, graphUserId: archiveId }, folders }, folders };
}
