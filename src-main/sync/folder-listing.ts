/**
 * Reading a folder through the plain listing endpoint (microsoft-graph.md 3.6), newest first,
 * committed page by page under a cursor of its own (never the folder's delta cursor). Two uses:
 * - backfill: a first delta round under a receivedDateTime filter returns at most 5,000 items,
 *   the newest; the rest of the window [lookback, oldest item seen) is listed here;
 * - late match: after the CRM gained match keys, the window is re-read and only messages with a
 *   participant matching a new key are decided (the others were decided before and stay skipped).
 * A listing's cursor is keyed by what it covers, so a listing done once is not repeated for the
 * same window, and a new window (a restarted round, a new job) gets a listing of its own.
 */
import type { FolderInfo } from '../graph/graph-message.js';
import type { LateMatchKeys } from '../store/sync-state-store.js';
import { participantFilter } from './late-match.js';
import { readPage } from '../rules/read-page.js';
import { commitMessages, type MailboxPass, type Tally } from './sync-context.js';

async function runListing(
  pass: MailboxPass,
  folder: FolderInfo,
  tally: Tally,
  listing: { key: string; start: () => string; keep?: (raw: Record<string, unknown>) => boolean },
): Promise<void> {
  const { deps, mailbox } = pass;
  const saved = await deps.folderState.cursorState(mailbox.address, listing.key);
  if (saved?.roundComplete) return;
  let url = saved?.url ?? listing.start();
  const what = `folder "${folder.displayName}" of ${mailbox.address} (listing)`;
  for (;;) {
    const page = await deps.reader.readListPage(url, what);
    // The last page's cursor is the URL it was read from, marked complete.
    await commitMessages(pass, folder, tally, { read: readPage(page.messages, listing.keep ? { keep: listing.keep } : {}), nextCursor: page.nextLink ?? url, roundComplete: page.nextLink === null, cursorKey: listing.key });
    if (!page.nextLink) return;
    url = page.nextLink;
  }
}

/** Lists what a capped first round left out: [since, its oldest item], or the whole window if it came out of order. */
export async function backfillFolder(pass: MailboxPass, folder: FolderInfo, tally: Tally): Promise<void> {
  const state = pass.deps.folderState;
  const round = await state.folderRound(pass.mailbox.address, folder.id);
  if (round?.phase !== 'backfill' || round.oldestReceivedAt === null) return;
  // A round Graph served newest first kept the newest items: the rest is older than its oldest
  // (ties included: `until` is inclusive). One served out of order kept any 5,000: list it all.
  const until = round.unordered ? null : round.oldestReceivedAt;
  await runListing(pass, folder, tally, {
    key: `${folder.id}~backfill~${round.since.getTime()}~${until === null ? 'all' : until.getTime()}`,
    start: () => pass.deps.reader.initialListUrl(pass.mailbox.graphUserId, folder.id, round.since, until),
  });
  await state.setRoundPhase(pass.mailbox.address, folder.id, 'done');
}

/** Re-reads the lookback window for messages with a participant matching the job's new keys. */
export async function lateMatchFolder(pass: MailboxPass, folder: FolderInfo, tally: Tally, job: { id: number; keys: LateMatchKeys }): Promise<void> {
  await runListing(pass, folder, tally, {
    key: `${folder.id}~late~${job.id}`,
    start: () => pass.deps.reader.initialListUrl(pass.mailbox.graphUserId, folder.id, pass.since, null),
    keep: participantFilter(job.keys),
  });
}
