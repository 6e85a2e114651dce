/**
 * What every part of a mailbox's sync shares: its dependencies, the running tallies, and the one
 * way a page is stored - decided by the pipeline, then committed together with the cursor that
 * follows it (the cursor only advances in the transaction that stored the page, so a crash
 * repeats a page but never skips one), after the lease check.
 */
import type { ReasonCode } from '../../src-shared/domain.js';
import type { Logger } from '../logging/logger.js';
import type { FolderInfo } from '../graph/graph-message.js';
import type { GraphMailReader } from '../graph/graph-mail-reader.js';
import type { MailboxRecord } from '../store/mail-store.js';
import { runEnvelopeStage } from './content-stage.js';
import { decidePage } from './decide-page.js';
import type { PageRules } from './page-rules.js';
import type { ReadPage } from '../rules/read-page.js';
import type { FolderStateStore, PageStore } from './sync-ports.js';

export type MailboxProgress = { mailbox: string; folder: string; pages: number; read: number; imported: number };

export type MailboxSyncDeps = {
  reader: GraphMailReader;
  /** Page commits (with their cursors). */
  pages: PageStore;
  /** The folders' cursors, first-round state, run records and late-match jobs. */
  folderState: FolderStateStore;
  rules: PageRules;
  /** The message keys among these that our side sent (stored emails from our addresses). */
  ownMessageIds: (keys: string[]) => Promise<Set<string>>;
  logger: Logger;
  /** Runs before each page commits; throws when this instance no longer holds the mailbox's lease. */
  beforeCommit?: () => Promise<void>;
  /**
   * After a page's envelope decisions, before its candidates' content is downloaded (header-first):
   * the crash tests' kill point between the delta page and the content fetch.
   */
  beforeContentFetch?: (info: { mailbox: string; folder: string; candidates: number }) => Promise<void> | void;
  /** After each committed page, with the mailbox's running totals (console progress). */
  onPage?: (progress: MailboxProgress) => void;
  /** Waits between repeated delta restarts (injected; default a real, unref'd timer). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  random?: () => number;
  /** Items a filtered delta round returns at most (Graph: 5,000): a round that reaches it is backfilled. */
  filteredRoundCap?: number;
  /** Also read the user's online archive (settings `onlineArchive`; Graph beta). */
  onlineArchive?: boolean;
};

/**
 * What a run read and did with it. Every message read is exactly one of: imported (stored now),
 * skipped (by its rule), already stored (seen first in a colleague's mailbox: a new sighting), or
 * unchanged (this mailbox had decided it the same way before: Graph reported it again).
 */
export type Tally = {
  pages: number;
  read: number;
  imported: number;
  skipped: Partial<Record<ReasonCode, number>>;
  alreadyStored: number;
  unchanged: number;
  restarts: number;
  /** Of the imported, those stored with identifiers masked (capture policy). */
  masked: number;
  /** Of the read, those decided on their envelope (no content downloaded), and on their content. */
  decidedAtEnvelope: number;
  decidedAtContent: number;
};

export const emptyTally = (): Tally => ({ pages: 0, read: 0, imported: 0, skipped: {}, alreadyStored: 0, unchanged: 0, restarts: 0, masked: 0, decidedAtEnvelope: 0, decidedAtContent: 0 });

export function addTally(into: Tally, from: Tally): void {
  into.pages += from.pages;
  into.read += from.read;
  into.imported += from.imported;
  into.alreadyStored += from.alreadyStored;
  into.unchanged += from.unchanged;
  into.restarts += from.restarts;
  into.masked += from.masked;
  into.decidedAtEnvelope += from.decidedAtEnvelope;
  into.decidedAtContent += from.decidedAtContent;
  for (const [code, n] of Object.entries(from.skipped) as [ReasonCode, number][]) into.skipped[code] = (into.skipped[code] ?? 0) + n;
}

/** `folders`: the mailbox's syncable folders this run reads. */
export type MailboxPass = { mailbox: MailboxRecord; since: Date; deps: MailboxSyncDeps; total: Tally; folders: readonly FolderInfo[] };

/**
 * Decides and commits one page (read once by `readPage`); `cursorKey` names a listing's own
 * cursor (else the folder's). The page step is linear: read, decide what the envelopes settle and
 * download the rest's content (content-stage.ts), look up our own mail among the Message-IDs it
 * references, decide, check the lease, commit with the cursor.
 */
export async function commitMessages(
  run: MailboxPass,
  folder: FolderInfo,
  folderTally: Tally,
  page: { read: ReadPage; nextCursor: string; roundComplete: boolean; cursorKey?: string },
): Promise<void> {
  const { deps, mailbox } = run;
  await runEnvelopeStage(page.read, {
    reader: deps.reader,
    rules: deps.rules,
    mailbox: mailbox.address,
    graphUserId: mailbox.graphUserId,
    folder,
    ...(deps.beforeContentFetch ? { beforeContentFetch: (candidates: number) => deps.beforeContentFetch?.({ mailbox: mailbox.address, folder: folder.id, candidates }) } : {}),
  });
  const own = await deps.ownMessageIds(page.read.referencedIds);
  const decided = decidePage(page.read, mailbox.address, folder, own, deps.rules);
  await deps.beforeCommit?.();
  const committed = await deps.pages.commitPage({
    mailbox: mailbox.address,
    folderId: folder.id,
    imports: decided.imports,
    decisions: decided.decisions,
    nextCursor: page.nextCursor,
    roundComplete: page.roundComplete,
    ...(page.cursorKey ? { cursorKey: page.cursorKey } : {}),
  });
  const pageTally: Tally = {
    pages: 1,
    read: decided.read,
    imported: committed.inserted,
    skipped: committed.skipped,
    alreadyStored: committed.sightings,
    unchanged: committed.unchanged,
    restarts: 0,
    masked: committed.masked,
    decidedAtEnvelope: decided.stages.envelope,
    decidedAtContent: decided.stages.content,
  };
  addTally(folderTally, pageTally);
  addTally(run.total, pageTally);
  deps.onPage?.({ mailbox: mailbox.address, folder: folder.displayName, pages: run.total.pages, read: run.total.read, imported: run.total.imported });
}
