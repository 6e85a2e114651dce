/**
 * One folder's delta chain (microsoft-graph.md 3.4-3.5). The first round is bounded by the
 * lookback filter; later rounds follow the saved deltaLink. A delta token Graph no longer knows
 * (HTTP 410 and its cousins) restarts the folder from the lookback whether it hits the saved
 * deltaLink or a nextLink mid-chain; dedup absorbs what is read twice, and a reset that repeats
 * waits with capped backoff and jitter, then gives up for this cycle. The first filtered round is
 * counted (items, oldest receivedDateTime) so that a round cut off at Graph's 5,000-item cap is
 * detected and its older part backfilled (folder-listing.ts); the round asks for newest first, and
 * one Graph serves out of that order is backfilled over its whole window. A tenant that refuses the
 * receivedDateTime filter (400 ErrorInvalidUrlQuery, seen in production) is read without it, the
 * lookback applied to the items instead. Removals of messages this mailbox never decided are
 * checked (removed-items.ts).
 */
import { AppError } from '../../src-shared/errors.js';
import { QueryRejectedError } from '../graph/graph-errors.js';
import type { FolderInfo } from '../graph/graph-message.js';
import { readPage } from '../rules/read-page.js';
import { recoverRemovals } from './removed-items.js';
import { commitMessages, type MailboxPass, type Tally } from './sync-context.js';

/** Restarts of one folder within one run before the cycle gives up on it. */
export const MAX_DELTA_RESTARTS = 4;
export const FILTERED_ROUND_CAP = 5000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

function restartDelayMs(restart: number, random: () => number): number {
  // The first restart is immediate (a token evicted between cycles is normal); repeats back off.
  if (restart <= 1) return 0;
  const base = Math.min(30_000, 1000 * 2 ** (restart - 2));
  return Math.round(base * (0.5 + random() / 2));
}

export async function syncFolderDelta(pass: MailboxPass, folder: FolderInfo, tally: Tally): Promise<void> {
  const { deps, mailbox, since } = pass;
  const state = deps.folderState;
  const what = `folder "${folder.displayName}" of ${mailbox.address}`;
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const cap = deps.filteredRoundCap ?? FILTERED_ROUND_CAP;

  const saved = await state.cursorState(mailbox.address, folder.id);
  let round = await state.folderRound(mailbox.address, folder.id);
  let clientFilter = round?.clientFilter ?? false;
  const startRound = async (withClientFilter: boolean): Promise<string> => {
    clientFilter = withClientFilter;
    await state.startFolderRound(mailbox.address, folder.id, since, { clientFilter });
    round = await state.folderRound(mailbox.address, folder.id);
    return deps.reader.initialDeltaUrl(mailbox.graphUserId, folder.id, since, { clientFilter });
  };
  let cursor: string;
  if (saved) {
    cursor = saved.url;
    // A crash between the round's last commit and its verdict: give the verdict now.
    if (saved.roundComplete) await concludeRound(pass, folder, cap);
  } else {
    cursor = await startRound(clientFilter);
  }
  let counting = round?.phase === 'counting';

  for (;;) {
    let page;
    try {
      page = await deps.reader.readDeltaPage(cursor, what);
    } catch (error) {
      if (error instanceof QueryRejectedError && !clientFilter && !saved && counting) {
        // Only the first request of a round carries the filter; refused there, read without it.
        deps.logger.warn({ mailbox: mailbox.address, folder: folder.id }, 'Graph refused the receivedDateTime filter; reading the folder without it and applying the lookback here');
        cursor = await startRound(true);
        continue;
      }
      if (!(error instanceof AppError) || error.code !== 'delta-expired') throw error;
      tally.restarts += 1;
      pass.total.restarts += 1;
      if (tally.restarts > MAX_DELTA_RESTARTS) {
        throw new AppError('delta-expired', `Graph kept rejecting the sync state of ${what} (${tally.restarts} restarts); the next cycle tries again.`, { cause: error });
      }
      const wait = restartDelayMs(tally.restarts, random);
      deps.logger.warn({ mailbox: mailbox.address, folder: folder.id, restart: tally.restarts, waitMs: wait }, 'delta token rejected; reading the folder again from the lookback');
      if (wait > 0) await sleep(wait);
      cursor = await startRound(clientFilter);
      counting = true;
      continue;
    }
    const nextCursor = page.deltaLink ?? page.nextLink;
    if (!nextCursor) throw new AppError('graph-unavailable', `Graph returned no continuation for ${what}.`);
    const read = readPage(page.messages, clientFilter && round ? { notBefore: round.since } : {});
    // Counted before the commit: after a crash the count can only be too high (a harmless extra
    // backfill), never too low (a missed one).
    if (counting) {
      await state.noteRoundPage(mailbox.address, folder.id, { items: read.items.length, oldest: read.oldestReceived, newest: read.newestReceived, ordered: read.newestFirst });
    }
    await recoverRemovals(pass, folder, read);
    await commitMessages(pass, folder, tally, { read, nextCursor, roundComplete: page.deltaLink !== null });
    if (page.deltaLink) {
      if (counting) await concludeRound(pass, folder, cap);
      return;
    }
    cursor = nextCursor;
  }
}

/** A finished first round that reached the cap needs a backfill of its older part. */
async function concludeRound(pass: MailboxPass, folder: FolderInfo, cap: number): Promise<void> {
  const state = pass.deps.folderState;
  const round = await state.folderRound(pass.mailbox.address, folder.id);
  if (round?.phase !== 'counting') return;
  // Graph caps only filtered rounds: one read without the filter has everything.
  const capped = !round.clientFilter && round.createdItems >= cap && round.oldestReceivedAt !== null;
  if (capped) {
    pass.deps.logger.info(
      { mailbox: pass.mailbox.address, folder: folder.id, items: round.createdItems, unordered: round.unordered },
      round.unordered ? 'first round reached the filtered-round cap out of order; backfilling its whole window' : 'first round reached the filtered-round cap; backfilling older mail',
    );
  }
  await state.setRoundPhase(pass.mailbox.address, folder.id, capped ? 'backfill' : 'done');
}
