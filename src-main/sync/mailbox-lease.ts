/**
 * Holding one mailbox's lease while it syncs: renewed on a heartbeat (an unref'd timer, so a long
 * Retry-After wait does not let it lapse) and checked before every page commit. When a renewal
 * finds the lease gone (this instance stalled past the expiry and another took over) the sync
 * stops at its next commit instead of racing the new holder.
 */
import type { Logger } from '../logging/logger.js';
import type { LeaseStore } from './sync-ports.js';
import { LeaseLostError } from './mailbox-sync.js';

export type HeldLease = {
  /** Throws LeaseLostError when the lease was lost; renews it when due. */
  check(): Promise<void>;
  release(): Promise<void>;
};

export function holdLease(state: LeaseStore, mailbox: string, holder: string, ttlMs: number, logger: Logger, now: () => number = Date.now): HeldLease {
  let lost = false;
  let lastRenewal = now();
  const renew = async () => {
    lastRenewal = now();
    if (!(await state.renewLease(mailbox, holder, ttlMs))) lost = true;
  };
  const timer = setInterval(() => {
    renew().catch((error: unknown) => logger.warn({ mailbox, err: error }, 'lease renewal failed'));
  }, Math.max(1000, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    async check() {
      if (!lost && now() - lastRenewal > ttlMs / 3) await renew();
      if (lost) throw new LeaseLostError(mailbox);
    },
    async release() {
      clearInterval(timer);
      if (!lost) await state.releaseLease(mailbox, holder);
    },
  };
}
