/**
 * What the sync engine reads and writes, each a narrow slice of the store (store/mail-store.ts,
 * store/sync-state-store.ts implement them): a mailbox's sync needs its page commits and its
 * folders' cursor and round state; a cycle adds the leases and the mailbox's run records. Nothing
 * in sync/ sees the rest of the store (engagements, purge, search outbox, CRM tables).
 */
import type { CycleSummary, MailboxStatus } from '../../src-shared/domain.js';
import type { CommitPageInput, CommitPageResult } from '../store/mail-store.js';
import type { SyncStateStore } from '../store/sync-state-store.js';

/** Writes a decided page and the cursor that follows it in one transaction (commit-page.ts). */
export interface PageStore {
  commitPage(input: CommitPageInput): Promise<CommitPageResult>;
  /** The Graph ids among `itemIds` this mailbox has decided (a sighting or a skip). */
  knownItems(mailbox: string, itemIds: readonly string[]): Promise<Set<string>>;
}

/** A folder's saved cursors, its first filtered round, its run record and pending late-match jobs. */
export type FolderStateStore = Pick<
  SyncStateStore,
  | 'cursorState'
  | 'folderRound'
  | 'startFolderRound'
  | 'noteRoundPage'
  | 'setRoundPhase'
  | 'forgetFolder'
  | 'recordFolderRun'
  | 'pendingLateMatchJobs'
  | 'finishLateMatchJob'
>;

/** One holder per mailbox across every instance sharing the database (mailbox-lease.ts). */
export type LeaseStore = Pick<SyncStateStore, 'claimLeases' | 'renewLease' | 'releaseLease'>;

/** A mailbox's state and run record, and the cycle's history row. */
export interface MailboxRunStore {
  setMailboxState(address: string, state: MailboxStatus['state'], error: string | null): Promise<void>;
  recordMailboxRun: SyncStateStore['recordMailboxRun'];
  recordCycle(summary: CycleSummary, finishedAt: Date): Promise<void>;
}
