/**
 * Holding one mailbox's lease while it syncs: a heartbeat (an unref'd timer, so a long
 * Retry-After wait does not let it lapse) renews it every few seconds (lease-holder.ts
 * `leaseTiming`), and it is checked before every page commit. The heartbeat is what lets others
 * see a holder is alive: one that stops beating (killed, or cut off from the database) is taken
 * over well before the lease expires. So a commit is allowed only when a renewal confirmed the
 * lease within the last heartbeat interval; when one finds the lease gone (another instance took
 * over) the sync stops at its next commit instead of racing the new holder.
 */
import type { Logger } from '../logging/logger.js';
import { leaseTiming } from '../store/lease-holder.js';
import type { LeaseStore } from './sync-ports.js';
import { LeaseLostError } from './mailbox-sync.js';

export type HeldLease = {
  /** Throws LeaseLostError when the lease was lost; confirms it first when the last confirmation is old. */
  check(): Promise<void>;
  release(): Promise<void>;
};

export function holdLease(state: LeaseStore, mailbox: string, holder: string, ttlMs: number, logger: Logger, now: () => number = Date.now): HeldLease {
  const { heartbeatMs, staleMs } = leaseTiming(ttlMs);
  let lost = false;
  // The claim itself confirmed the lease.
  let confirmedAt = now();
  const renew = async () => {
    const at = now();
    if (await state.renewLease(mailbox, holder, { ttlMs, staleMs })) confirmedAt = at;
    else lost = true;
  };
  const timer = setInterval(() => {
    // Debug only: a database outage fails the sync itself, which is reported once per change.
    renew().catch((error: unknown) => logger.debug({ mailbox, err: error }, 'lease heartbeat failed'));
  }, heartbeatMs);
  timer.unref();
  return {
    async check() {
      if (!lost && now() - confirmedAt > heartbeatMs) await renew();
      if (lost) throw new LeaseLostError(mailbox);
    },
    async release() {
      clearInterval(timer);
      if (!lost) await state.releaseLease(mailbox, holder);
    },
  };
}
