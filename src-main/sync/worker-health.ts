/**
 * What state a sync worker is in, read from how its last cycle ended (issue 20). A worker must
 * outlive every fault the product names - MariaDB stopped or killed, connections dropped, Graph
 * down, consent revoked, a full disk - so each is a state it waits in (with backoff) rather than
 * a reason to exit, and the operator sees which one in `status` and the health page.
 * Pure: the loop (worker-loop.ts) decides when to log, wait and report.
 */
import type { CycleSummary } from '../../src-shared/domain.js';
import { isAppError } from '../../src-shared/errors.js';
import { asConnectionLoss } from '../store/connection-errors.js';

/** Faults the worker waits out. */
export const WORKER_FAULTS = ['database-unavailable', 'graph-unavailable', 'consent-missing', 'graph-auth', 'disk-full', 'failing'] as const;
export type WorkerFault = (typeof WORKER_FAULTS)[number];
export type WorkerState = 'starting' | 'running' | 'paused' | 'stopping' | 'stopped' | WorkerFault;

/** One cycle's ending as a state: a fault, or fine (some mailboxes may still have failed). */
export type CycleVerdict = { state: WorkerState; fault: boolean; detail: string | null };

type ErrorLike = { code?: unknown; errno?: unknown; message?: unknown; cause?: unknown };

/** MariaDB's "disk full" errors, and the operating system's. */
const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'ER_DISK_FULL', 'ER_RECORD_FILE_FULL', 'ER_OUT_OF_RESOURCES']);

/** True when the error, or anything it was caused by, says the disk is full. */
export function isDiskFull(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 8; depth += 1) {
    const e = current as ErrorLike;
    if (typeof e.code === 'string' && DISK_FULL_CODES.has(e.code)) return true;
    if (e.errno === 28 || (typeof e.message === 'string' && /no space left on device|disk is full|errno: 28\b/i.test(e.message))) return true;
    current = e.cause;
  }
  return false;
}

/** The fault an AppError code stands for. */
function faultOfCode(code: string): WorkerFault {
  switch (code) {
    case 'database-unavailable':
      return 'database-unavailable';
    case 'graph-unavailable':
    case 'graph-throttled':
      return 'graph-unavailable';
    case 'consent-missing':
      return 'consent-missing';
    case 'graph-auth':
      return 'graph-auth';
    default:
      return 'failing';
  }
}

/** The fault an error stands for. */
export function faultOf(error: unknown): WorkerFault {
  if (isDiskFull(error)) return 'disk-full';
  const named = asConnectionLoss(error); // a raw driver error (ECONNREFUSED) is the database away
  return isAppError(named) ? faultOfCode(named.code) : 'failing';
}

function sentence(error: unknown): string {
  const named = asConnectionLoss(error);
  if (isAppError(named)) return named.message;
  return error instanceof Error ? error.message : String(error);
}

/** A cycle that threw as a whole (it could not even list the mailboxes or claim a lease). */
export function verdictOfError(error: unknown): CycleVerdict {
  return { state: faultOf(error), fault: true, detail: sentence(error) };
}

/**
 * A cycle that ran: fine when it synced a mailbox or had nothing to do; a fault when every
 * mailbox it took failed - named after their common fault (all 503: graph-unavailable), else
 * 'failing'.
 */
export function verdictOfCycle(summary: CycleSummary | null): CycleVerdict {
  if (summary === null) return { state: 'paused', fault: false, detail: 'sync is paused (correspondent console or the Api: sync.resume)' };
  if (summary.failed.length === 0) return { state: 'running', fault: false, detail: null };
  const failed = `${summary.failed.length} mailbox${summary.failed.length === 1 ? '' : 'es'} failed`;
  if (summary.mailboxes > 0) return { state: 'running', fault: false, detail: `${failed}; ${summary.mailboxes} synced` };
  const faults = new Set(summary.failed.map((f) => (/disk is full|no space left/i.test(f.reason) ? 'disk-full' : faultOfCode(f.code))));
  const state: WorkerFault = faults.size === 1 ? ([...faults][0] as WorkerFault) : 'failing';
  return { state, fault: true, detail: `${failed}: ${summary.failed[0]?.reason ?? ''}` };
}

/**
 * The wait before the next cycle: the poll interval while healthy; after n failed cycles in a row
 * a capped exponential backoff with jitter - between half and all of min(cap, poll * 2^n), never
 * less than the poll interval - so workers that lost the database together do not return in step.
 */
export function nextWaitMs(failures: number, pollMs: number, maxMs: number, random: () => number = Math.random): number {
  if (failures <= 0) return pollMs;
  const ceiling = Math.min(Math.max(maxMs, pollMs * 2), pollMs * 2 ** Math.min(failures, 20));
  return Math.max(pollMs, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}

/** The default cap: ten polls, at least 30 s, at most 5 minutes. */
export function defaultMaxBackoffMs(pollMs: number): number {
  return Math.min(5 * 60_000, Math.max(30_000, pollMs * 10));
}
