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
import { classifyDeltaItem } from '../rules/delta-item.js';
import type { GraphMailReader } from './graph-mail-reader.js';

export type PreviewMailbox = { address: string; graphUserId: string };

/** A message as the preview decides it: where it was read, and the raw Graph resource. */
export type PreviewMessage = { mailbox: string; folder: string; message: unknown };

/** A mailbox the preview could not read: the AppError's code and its sentence. */
export type PreviewFailure = { mailbox: string; code: string; message: string };

export type PreviewRead = { messages: PreviewMessage[]; truncated: boolean; failures: PreviewFailure[] };

function receivedAt(message: unknown): number | null {
  const value = (message as { receivedDateTime?: unknown } | null)?.receivedDateTime;
  if (typeof value !== 'string') return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

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
  const until = range.until.getTime();
  for (const mailbox of mailboxes) {
    // A mailbox's messages count only once it was read whole: a failure halfway leaves none of it.
    const own: PreviewMessage[] = [];
    let full: boolean;
    try {
      full = await readMailbox(reader, mailbox, range.since, until, own, maxMessages - messages.length);
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
async function readMailbox(reader: GraphMailReader, mailbox: PreviewMailbox, since: Date, until: number, into: PreviewMessage[], room: number): Promise<boolean> {
  const folders = await reader.listSyncableFolders(mailbox.graphUserId);
  for (const folder of folders) {
    const folderName = folder.wellKnownName ?? folder.displayName;
    let url: string | null = reader.initialDeltaUrl(mailbox.graphUserId, folder.id, since);
    while (url !== null) {
      const page = await reader.readDeltaPage(url, `the preview of ${folderName} in ${mailbox.address}`);
      for (const message of page.messages) {
        if (classifyDeltaItem(message) !== 'message') continue;
        const at = receivedAt(message);
        if (at !== null && at >= until) continue;
        if (into.length >= room) return true;
        into.push({ mailbox: mailbox.address, folder: folderName, message });
      }
      url = page.nextLink;
    }
  }
  return false;
}
