/**
 * The sync engine's own state besides mail (issue 6), a port separate from MailStore so that
 * each changes for one reason: mailbox leases shared by every instance (one holder per mailbox,
 * with expiry, taken with SKIP LOCKED), the persisted pause switch, health of the last runs,
 * the state of a folder's first filtered round (Graph's 5,000-item cap) and late-match jobs.
 * Lease times use the database's clock, the one clock every host shares.
 */
import type { ReasonCode } from '../../src-shared/domain.js';
import type { ClaimResult, LeaseClaim } from './leases.js';

export type { ClaimResult, HeldMailbox, LeaseClaim } from './leases.js';

export type SkipCounts = Partial<Record<ReasonCode, number>>;

export type MailboxRun = {
  mailbox: string;
  holder: string | null;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  /** When this mailbox is next due, from now (database clock); null: not scheduled. */
  nextRunInMs: number | null;
  pages: number;
  read: number;
  imported: number;
  alreadyStored: number;
  unchanged: number;
  skipped: SkipCounts;
  /** Imports stored with identifiers masked (capture policy); absent: none. */
  masked?: number;
  retries: number;
  throttled: number;
  errorCode: string | null;
};

export type FolderRun = {
  mailbox: string;
  folderId: string;
  displayName: string;
  /** gone: the folder was deleted while it was synced (its sync state was dropped). */
  state: 'ok' | 'error' | 'gone';
  finishedAt: Date;
  durationMs: number;
  pages: number;
  read: number;
  imported: number;
  alreadyStored: number;
  unchanged: number;
  skipped: SkipCounts;
  masked?: number;
  /** Delta rounds restarted (HTTP 410) during the run. */
  restarts: number;
  error: string | null;
};

export type MailboxHealthRow = {
  mailbox: string;
  holder: string | null;
  leaseExpiresAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  nextRunAt: string | null;
  pages: number;
  read: number;
  imported: number;
  alreadyStored: number;
  unchanged: number;
  skipped: Record<string, number>;
  masked: number;
  retries: number;
  throttled: number;
  errorCode: string | null;
};

export type FolderHealthRow = {
  folderId: string;
  displayName: string;
  state: 'ok' | 'error' | 'gone';
  lastSuccessAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  pages: number;
  read: number;
  imported: number;
  alreadyStored: number;
  unchanged: number;
  skipped: Record<string, number>;
  masked: number;
  restarts: number;
  lastError: string | null;
};

export type MissingDomain = { domain: string; skipped: number; lastSeenAt: string };

/** counting: the first filtered round runs; backfill: it hit the cap, the older part is listed; done. */
export type FolderRoundPhase = 'counting' | 'backfill' | 'done';

export type FolderRound = {
  since: Date;
  createdItems: number;
  oldestReceivedAt: Date | null;
  phase: FolderRoundPhase;
  /** Graph served the round out of the order asked for: a capped round is backfilled whole. */
  unordered: boolean;
  /** Graph refused the receivedDateTime filter: the round reads the folder and the lookback is applied to its items. */
  clientFilter: boolean;
};

export type CursorState = { url: string; roundComplete: boolean };

/** New CRM match keys: mailboxes that synced before are re-read for mail that now qualifies. */
export type LateMatchKeys = { domains: string[]; addresses: string[] };
export type LateMatchJob = { id: number; keys: LateMatchKeys };

export interface SyncStateStore {
  /**
   * Takes the leases of those of `mailboxes` that are free - nobody holds them, the lease expired,
   * or its holder is gone (stale heartbeat, or a dead process on this host) - for `claim.ttlMs`;
   * rows another instance is claiming right now are skipped, not waited for. `dueOnly` leaves out
   * mailboxes whose next run is still ahead. Returns the mailboxes now held by `claim.holder`, and
   * those a live instance holds (with who and since when).
   */
  claimLeases(mailboxes: string[], claim: LeaseClaim): Promise<ClaimResult>;
  /** The heartbeat: extends a held lease; false when `holder` no longer holds it (taken over). */
  renewLease(mailbox: string, holder: string, timing: { ttlMs: number; staleMs: number }): Promise<boolean>;
  releaseLease(mailbox: string, holder: string): Promise<void>;

  isPaused(): Promise<boolean>;
  setPaused(paused: boolean, by: string): Promise<void>;

  recordMailboxRun(run: MailboxRun): Promise<void>;
  recordFolderRun(run: FolderRun): Promise<void>;
  mailboxHealth(mailboxes?: string[]): Promise<MailboxHealthRow[]>;
  folderHealth(mailbox: string): Promise<FolderHealthRow[]>;
  missingFromCrm(limit: number): Promise<MissingDomain[]>;
  cycleHistory(limit: number): Promise<{ finishedAt: string; summaryJson: unknown }[]>;

  /** The saved cursor under `key` (a folder id, or a folder id with a suffix for a backfill). */
  cursorState(mailbox: string, key: string): Promise<CursorState | null>;
  folderRound(mailbox: string, folderId: string): Promise<FolderRound | null>;
  startFolderRound(mailbox: string, folderId: string, since: Date, options?: { clientFilter?: boolean }): Promise<void>;
  /**
   * Adds a page's items to the round's count and lowers its oldest receivedDateTime; marks the
   * round unordered when the page was not newest-first, or began with an item newer than the
   * oldest seen so far.
   */
  noteRoundPage(mailbox: string, folderId: string, page: { items: number; oldest: Date | null; newest: Date | null; ordered: boolean }): Promise<void>;
  /** Drops every saved cursor and the round state of a folder that no longer exists. */
  forgetFolder(mailbox: string, folderId: string): Promise<void>;
  setRoundPhase(mailbox: string, folderId: string, phase: FolderRoundPhase): Promise<void>;

  /** Records a job once per CRM revision for every mailbox that has synced; null if it existed. */
  addLateMatchJob(crmRevision: number, keys: LateMatchKeys): Promise<number | null>;
  /** The match keys (and their CRM revision) the last late-match comparison used; null before the first. */
  lateMatchBaseline(): Promise<{ revision: number; keys: LateMatchKeys } | null>;
  /**
   * Moves the baseline from `from` (null: none yet) to `revision` with the CRM's full `keys`, and
   * records a job for the `added` ones, in one transaction. Answers false when another instance
   * moved it first (that instance recorded the job).
   */
  advanceLateMatchBaseline(from: number | null, revision: number, keys: LateMatchKeys, added: LateMatchKeys): Promise<boolean>;
  pendingLateMatchJobs(mailbox: string): Promise<LateMatchJob[]>;
  finishLateMatchJob(jobId: number, mailbox: string): Promise<void>;
}
