/**
 * Reads a mailbox's messages in a date range for the console's rule preview, never storing
 * anything and never touching the sync's saved cursors. It runs a fresh filtered delta round per
 * syncable folder (the request the sync itself makes first, and the only message listing the
 * sandbox tenant serves): Graph's delta filter takes only a lower bound (receivedDateTime ge), so
 * the upper bound is applied here. Reading stops at `maxMessages` kept messages, reported as
 * truncated, so a preview of a large mailbox stays bounded in time and memory.
 */
import { classifyDeltaItem } from '../rules/delta-item.js';
import type { GraphMailReader } from './graph-mail-reader.js';

export type PreviewMailbox = { address: string; graphUserId: string };

/** A message as the preview decides it: where it was read, and the raw Graph resource. */
export type PreviewMessage = { mailbox: string; folder: string; message: unknown };

export type PreviewRead = { messages: PreviewMessage[]; truncated: boolean };

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
  const until = range.until.getTime();
  for (const mailbox of mailboxes) {
    const folders = await reader.listSyncableFolders(mailbox.graphUserId);
    for (const folder of folders) {
      const folderName = folder.wellKnownName ?? folder.displayName;
      let url: string | null = reader.initialDeltaUrl(mailbox.graphUserId, folder.id, range.since);
      while (url !== null) {
        const page = await reader.readDeltaPage(url, `the preview of ${folderName} in ${mailbox.address}`);
        for (const message of page.messages) {
          if (classifyDeltaItem(message) !== 'message') continue;
          const at = receivedAt(message);
          if (at !== null && at >= until) continue;
          if (messages.length >= maxMessages) return { messages, truncated: true };
          messages.push({ mailbox: mailbox.address, folder: folderName, message });
        }
        url = page.nextLink;
      }
    }
  }
  return { messages, truncated: false };
}
