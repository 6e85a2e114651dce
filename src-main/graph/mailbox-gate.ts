/**
 * Exchange's limits are per app AND mailbox (microsoft-graph.md 6.1, 6.4): at most 4 concurrent
 * requests, and a 429's Retry-After applies to the whole mailbox, not just the request that got
 * it. The gate is a semaphore per mailbox plus a "fence": after a throttled answer every request
 * to that mailbox waits until the fence time, so we do not keep hammering a throttled mailbox.
 */
export type MailboxGateOptions = {
  maxConcurrentPerMailbox?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

type MailboxSlot = { active: number; waiters: (() => void)[]; fenceUntil: number };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class MailboxGate {
  private readonly slots = new Map<string, MailboxSlot>();
  private readonly max: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Highest number of requests seen in flight for one mailbox (a health and test figure). */
  peakConcurrency = 0;

  constructor(options: MailboxGateOptions = {}) {
    this.max = options.maxConcurrentPerMailbox ?? 4;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Runs `work` once the mailbox has a free slot and no fence is up. */
  async run<T>(mailbox: string, work: () => Promise<T>): Promise<T> {
    const slot = this.slotOf(mailbox);
    await this.acquire(slot);
    try {
      for (let wait = slot.fenceUntil - this.now(); wait > 0; wait = slot.fenceUntil - this.now()) {
        await this.sleep(wait);
      }
      return await work();
    } finally {
      this.release(mailbox, slot);
    }
  }

  /** Holds every request to the mailbox until `untilMs` (a later fence wins). */
  fence(mailbox: string, untilMs: number): void {
    const slot = this.slotOf(mailbox);
    slot.fenceUntil = Math.max(slot.fenceUntil, untilMs);
  }

  private slotOf(mailbox: string): MailboxSlot {
    let slot = this.slots.get(mailbox);
    if (!slot) {
      slot = { active: 0, waiters: [], fenceUntil: 0 };
      this.slots.set(mailbox, slot);
    }
    return slot;
  }

  private async acquire(slot: MailboxSlot): Promise<void> {
    if (slot.active < this.max) {
      slot.active += 1;
      this.peakConcurrency = Math.max(this.peakConcurrency, slot.active);
      return;
    }
    // The releasing request hands its slot over directly, so no newcomer can slip in between.
    await new Promise<void>((resolve) => slot.waiters.push(resolve));
  }

  private release(mailbox: string, slot: MailboxSlot): void {
    const next = slot.waiters.shift();
    if (next) {
      next();
      return;
    }
    slot.active -= 1;
    if (slot.active === 0 && slot.fenceUntil <= this.now()) this.slots.delete(mailbox);
  }
}

/** The mailbox a Graph URL addresses (`/users/{id}/...`), or null for tenant-wide calls. */
export function mailboxOfUrl(url: string): string | null {
  const match = /\/users\/([^/?]+)\//i.exec(url) ?? /\/users\('([^']+)'\)\//i.exec(url);
  if (!match?.[1]) return null;
  return decodeURIComponent(match[1]).toLowerCase();
}
