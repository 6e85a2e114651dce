/**
 * Who holds a mailbox lease, and whether that holder is gone (issue 20). A lease's expiry (5
 * minutes by default) is the last resort; before it, a lease is free when its holder stopped
 * writing its heartbeat, or - on the same host - when its process no longer exists. A pid is only
 * compared within one scope: the same host name, boot and pid namespace (/proc on Linux), since
 * containers sharing a host name count pids apart and a reboot reuses them.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

export type LeaseHolder = {
  /** The instance id written as the lease's holder (host:pid:random for the CLI). */
  id: string;
  host: string;
  pid: number;
  /** Host, boot and pid namespace: where `pid` can be checked with a signal. */
  scope: string;
};

/** What a lease row says about its holder (older rows: all null). */
export type HolderOfRow = { host: string | null; pid: number | null; scope: string | null };

function readOr(read: () => string): string {
  try {
    return read().trim();
  } catch {
    return ''; // not Linux, or /proc hidden: the scope is then the host name alone
  }
}

let scopeOfThisProcess: string | null = null;

/** This process's scope, read once. */
export function processScope(): string {
  scopeOfThisProcess ??= [hostname(), readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')), readOr(() => readlinkSync('/proc/self/ns/pid'))].join('|').slice(0, 255);
  return scopeOfThisProcess;
}

export function thisProcessHolder(id: string): LeaseHolder {
  return { id, host: hostname().slice(0, 255), pid: process.pid, scope: processScope() };
}

/** True when a process with this pid exists (EPERM: it exists, under another user). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the row's holder is a process of this scope that no longer exists. */
export function holderIsGone(row: HolderOfRow, exists: (pid: number) => boolean = processExists): boolean {
  return row.scope !== null && row.pid !== null && row.scope === processScope() && !exists(row.pid);
}

/**
 * How often a holder writes its heartbeat, and after how long without one it counts as gone:
 * every 10 s (a third of the lease for short test leases), stale after three missed beats.
 */
export function leaseTiming(ttlMs: number): { heartbeatMs: number; staleMs: number } {
  const heartbeatMs = Math.max(250, Math.min(10_000, Math.floor(ttlMs / 3)));
  return { heartbeatMs, staleMs: heartbeatMs * 3 };
}
