/**
 * Reads a mailbox's messages in a date range for the console's rule preview, never storing
 * anything and never touching the sync's saved cursors. It runs a fresh filtered delta round per
 * syncable folder (the request the sync itself makes first, and the only message listing the
 * sandbox tenant serves): Graph's delta filter takes only a lower bound (receivedDateTime ge), so
 * the upper bound is applied here. Reading stops at `maxMessages` kept messages, reported as
 * truncated, so a preview of a large mailbox stays bounded in time and memory. A mailbox that
 * cannot be read (no Exchange mailbox, access refused) is reported with its reason and the other
 * mailboxes are still read: one bad mailbox never hides the results of the others.
 */
import { isAppError } from '../../src-shared/errors.js';
import type { ReadResult } from '../rules/read-message.js';
import { readPage } from '../rules/read-page.js';
import type { GraphMailReader } from './graph-mail-reader.js';

export type PreviewMailbox = { address: string; graphUserId: string };

/** A message as the preview decides it: where it was read, the raw Graph resource, and the message as the page step read it. */
export type PreviewMessage = { mailbox: string; folder: string; message: unknown; read: ReadResult };

/** A mailbox the preview could not read: the AppError's code and its sentence. */
export type PreviewFailure = { mailbox: string; code: string; message: string };

export type PreviewRead = { messages: PreviewMessage[]; truncated: boolean; failures: PreviewFailure[] };

/**
 * Messages received in [since, until) in the mailboxes' syncable folders, in mailbox order and
 * then folder order; at most `maxMessages` over all mailboxes.
 */
export async function readMailboxesForPreview(
  reader: GraphMailReader,
  mailboxes: readonly PreviewMailbox[],
  range: { since: Date; until: Date },
  maxMessages: number,
): Promise<PreviewRead> {
  const messages: PreviewMessage[] = [];
  const failures: PreviewFailure[] = [];
  for (const mailbox of mailboxes) {
    // A mailbox's messages count only once it was read whole: a failure halfway leaves none of it.
    const own: PreviewMessage[] = [];
    let full: boolean;
    try {
      full = await readMailbox(reader, mailbox, range, own, maxMessages - messages.length);
    } catch (error) {
      if (!isAppError(error)) throw error;
      failures.push({ mailbox: mailbox.address, code: error.code, message: error.message });
      continue;
    }
    messages.push(...own);
    if (full) return { messages, truncated: true, failures };
  }
  return { messages, truncated: false, failures };
}

/** Reads one mailbox into `into`; true when it stopped at `room` messages (more were there). */
async function readMailbox(reader: GraphMailReader, mailbox: PreviewMailbox, range: { since: Date; until: Date }, into: PreviewMessage[], room: number): Promise<boolean> {
  const folders = await reader.listSyncableFolders(mailbox.graphUserId);
  for (const folder of folders) {
    const folderName = folder.wellKnownName ?? folder.displayName;
    let url: string | null = reader.initialDeltaUrl(mailbox.graphUserId, folder.id, range.since);
    while (url !== null) {
      const page = await reader.readDeltaPage(url, `the preview of ${folderName} in ${mailbox.address}`);
      // The sync's page step: removals and change notices left out, each message read once.
      for (const item of readPage(page.messages, { receivedBefore: range.until }).items) {
        if (into.length >= room) return true;
        into.push({ mailbox: mailbox.address, folder: folderName, message: item.raw, read: item.read });
      }
      url = page.nextLink;
    }
  }
  return false;
}
