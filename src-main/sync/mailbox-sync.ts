/**
 * Brings one mailbox up to date: each syncable folder's delta chain (folder-delta.ts), then the
 * backfill of a first round cut off at Graph's cap and any pending late-match re-reads
 * (folder-listing.ts). Sent Items goes first, alone; the other folders then run side by side, up
 * to Exchange's 4 concurrent requests per mailbox (the mailbox gate enforces the limit itself).
 * A folder that fails is recorded with its error and the other folders still run; failures that
 * concern the whole mailbox (no mailbox, refused token, lease lost) start no further folder and
 * are rethrown once the running ones end. Each folder's run is written to the health table.
 */
import type { ReasonCode } from '../../src-shared/domain.js';
import { AppError, isAppError } from '../../src-shared/errors.js';
import { FolderGoneError } from '../graph/graph-errors.js';
import type { FolderInfo } from '../graph/graph-message.js';
import type { MailboxRecord } from '../store/mail-store.js';
import { backfillFolder, lateMatchFolder } from './folder-listing.js';
import { syncFolderDelta } from './folder-delta.js';
import { archivePassOf } from './online-archive.js';
import { emptyTally, type MailboxPass, type MailboxSyncDeps, type Tally } from './sync-context.js';

export type { FolderRules, PageRules } from './page-rules.js';
export type { MailboxProgress, MailboxSyncDeps } from './sync-context.js';

export type MailboxSyncResult = {
  read: number;
  imported: number;
  skipped: Partial<Record<ReasonCode, number>>;
  /** Read, but stored already from another mailbox (a new sighting). */
  alreadyStored: number;
  /** Read, but decided the same way before (a re-report). */
  unchanged: number;
  /** Of the imported, those stored with identifiers masked. */
  masked: number;
  /** Of the read, decided on the envelope / on the content (header-first capture). */
  decidedAtEnvelope: number;
  decidedAtContent: number;
  pages: number;
  /** Delta restarts (HTTP 410) across the mailbox's folders. */
  restarts: number;
  /** Folders that failed this run (their errors are in the folder health). */
  failedFolders: number;
  /** The first folder failure, when any folder failed (the others were still synced). */
  error: unknown;
};

/** Errors that concern the mailbox as a whole: no point in trying its other folders. */
export function isMailboxWide(error: unknown): boolean {
  return (
    isAppError(error) &&
    (error.code === 'mailbox-unavailable' || error.code === 'outside-access-scope' || error.code === 'graph-auth' || error.code === 'consent-missing' || error.code === 'not-configured')
  );
}

/** Lease lost mid-sync: thrown by `beforeCommit`; never recorded as a folder failure. */
export class LeaseLostError extends AppError {
  constructor(mailbox: string) {
    super('graph-unavailable', `Another instance took over ${mailbox}: its lease expired during the sync.`, { retryable: true });
  }
}

/** The worker is stopping (SIGTERM): thrown by `beforeCommit`, so the decided page is not committed and is read again next time. */
export class SyncStoppedError extends AppError {
  constructor(mailbox: string) {
    super('internal', `The sync of ${mailbox} was stopped before it finished; the next run resumes from its last committed page.`, { retryable: true });
  }
}

/** Stops this mailbox's sync without recording a folder failure: the lease was lost, or the worker is stopping. */
function isHalt(error: unknown): boolean {
  return error instanceof LeaseLostError || error instanceof SyncStoppedError;
}

/** Folders of one mailbox read at once: Exchange allows 4 concurrent requests per mailbox. */
const FOLDERS_AT_ONCE = 4;

export async function syncMailbox(mailbox: MailboxRecord, since: Date, deps: MailboxSyncDeps): Promise<MailboxSyncResult> {
  const now = deps.now ?? (() => new Date());
  const folders = await deps.reader.listSyncableFolders(mailbox.graphUserId);
  const primary: MailboxPass = { mailbox, since, deps, total: emptyTally(), folders: [...folders] };
  // Sent Items first: replies in other folders then find the mail our side sent already stored
  // (thread reciprocity protects them from the automated-mail rule).
  folders.sort((a, b) => Number(b.wellKnownName === 'sentitems') - Number(a.wellKnownName === 'sentitems'));
  const jobs = await deps.folderState.pendingLateMatchJobs(mailbox.address);
  let firstError: unknown = null;
  let failedFolders = 0;
  let stopping: unknown = null;
  let folderGone = false;

  const syncOneFolder = async (folder: FolderInfo, pass: MailboxPass = primary) => {
    const tally = emptyTally();
    const started = now();
    try {
      await syncFolderDelta(pass, folder, tally);
      await backfillFolder(pass, folder, tally);
      for (const job of jobs) await lateMatchFolder(pass, folder, tally, job);
      await recordFolder(pass, folder, tally, started, null);
    } catch (error) {
      if (isHalt(error)) {
        stopping = error; // wins over any other reason: this instance must not write the mailbox's state
        return;
      }
      if (error instanceof FolderGoneError) {
        // Deleted while it was synced: what it held was read up to its last page; nothing is left to read.
        await deps.folderState.forgetFolder(mailbox.address, folder.id);
        await recordFolder(pass, folder, tally, started, null, 'gone').catch(() => undefined);
        folderGone = true;
        deps.logger.info({ mailbox: mailbox.address, folder: folder.id }, 'folder deleted during the sync; its sync state was dropped');
        return;
      }
      await recordFolder(pass, folder, tally, started, error).catch(() => undefined);
      if (isMailboxWide(error)) {
        stopping ??= error;
        return;
      }
      failedFolders += 1;
      firstError ??= error;
      deps.logger.warn({ mailbox: mailbox.address, folder: folder.id, err: isAppError(error) ? { code: error.code, message: error.message } : error }, 'folder sync failed');
    }
  };
  const [first, ...rest] = folders;
  if (first?.wellKnownName === 'sentitems') await syncOneFolder(first);
  const queue: { folder: FolderInfo; pass: MailboxPass }[] = (first?.wellKnownName === 'sentitems' ? rest : folders).map((folder) => ({ folder, pass: primary }));
  // The online archive's folders after the primary ones (a mailbox of its own: its own 4 slots).
  const archive = stopping === null && deps.onlineArchive ? await archivePassOf(primary) : null;
  if (archive) queue.push(...archive.folders.map((folder) => ({ folder, pass: archive.pass })));
  const worker = async () => {
    for (let job = queue.shift(); job && stopping === null; job = queue.shift()) await syncOneFolder(job.folder, job.pass);
  };
  if (stopping === null) await Promise.all(Array.from({ length: Math.min(FOLDERS_AT_ONCE, queue.length) }, worker));
  // A folder that failed may be gone, or the tree changed: list the folders afresh next time.
  if (firstError || stopping !== null || folderGone) {
    deps.reader.forgetFolders(mailbox.graphUserId);
    if (archive) deps.reader.forgetFolders(archive.pass.mailbox.graphUserId);
  }
  if (stopping !== null) throw stopping;
  // A job is done for the mailbox only when every folder was re-read.
  if (!firstError) for (const job of jobs) await deps.folderState.finishLateMatchJob(job.id, mailbox.address);
  const { total } = primary;
  return { read: total.read, imported: total.imported, skipped: total.skipped, alreadyStored: total.alreadyStored, unchanged: total.unchanged, masked: total.masked, decidedAtEnvelope: total.decidedAtEnvelope, decidedAtContent: total.decidedAtContent, pages: total.pages, restarts: total.restarts, failedFolders, error: firstError };
}

async function recordFolder(pass: MailboxPass, folder: FolderInfo, tally: Tally, started: Date, error: unknown, state: 'ok' | 'gone' = 'ok'): Promise<void> {
  const finished = (pass.deps.now ?? (() => new Date()))();
  await pass.deps.folderState.recordFolderRun({
    mailbox: pass.mailbox.address,
    folderId: folder.id,
    displayName: folder.displayName,
    state: error ? 'error' : state,
    finishedAt: finished,
    durationMs: finished.getTime() - started.getTime(),
    pages: tally.pages,
    read: tally.read,
    imported: tally.imported,
    alreadyStored: tally.alreadyStored,
    unchanged: tally.unchanged,
    skipped: tally.skipped,
    masked: tally.masked,
    restarts: tally.restarts,
    error: error ? (isAppError(error) ? error.message : 'Unexpected failure; see the application log.') : null,
  });
}
