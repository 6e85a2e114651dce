/**
 * Exchange's limits are per app AND mailbox (microsoft-graph.md 6.1, 6.4): at most 4 concurrent
 * requests, and a 429's Retry-After applies to the whole mailbox, not just the request that got
 * it. The gate is a semaphore per mailbox plus a "fence": after a throttled answer every request
 * to that mailbox waits until the fence time, so we do not keep hammering a throttled mailbox.
 * A JSON batch takes as many slots as Graph runs of its members at once (at most 4, json-batching:
 * "Outlook runs at most 4 members in parallel"), so a batch and the delta pages of other folders
 * of the same mailbox together stay within the limit. Waiters are served in order: a batch
 * waiting for its slots is not overtaken by single requests.
 */
export type MailboxGateOptions = {
  maxConcurrentPerMailbox?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

type Waiter = { weight: number; resolve: () => void };
type MailboxSlot = { active: number; waiters: Waiter[]; fenceUntil: number };

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

  /** Runs `work` once the mailbox has `weight` free slots (default 1, at most the limit) and no fence is up. */
  async run<T>(mailbox: string, work: () => Promise<T>, weight = 1): Promise<T> {
    const slot = this.slotOf(mailbox);
    const slots = Math.min(this.max, Math.max(1, Math.floor(weight)));
    await this.acquire(slot, slots);
    try {
      for (let wait = slot.fenceUntil - this.now(); wait > 0; wait = slot.fenceUntil - this.now()) {
        await this.sleep(wait);
      }
      return await work();
    } finally {
      this.release(mailbox, slot, slots);
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

  private async acquire(slot: MailboxSlot, weight: number): Promise<void> {
    if (slot.waiters.length === 0 && slot.active + weight <= this.max) {
      slot.active += weight;
      this.peakConcurrency = Math.max(this.peakConcurrency, slot.active);
      return;
    }
    // Releasing requests hand their slots over directly, so no newcomer can slip in between.
    await new Promise<void>((resolve) => slot.waiters.push({ weight, resolve }));
  }

  private release(mailbox: string, slot: MailboxSlot, weight: number): void {
    slot.active -= weight;
    for (let next = slot.waiters[0]; next && slot.active + next.weight <= this.max; next = slot.waiters[0]) {
      slot.waiters.shift();
      slot.active += next.weight;
      this.peakConcurrency = Math.max(this.peakConcurrency, slot.active);
      next.resolve();
    }
    if (slot.active === 0 && slot.waiters.length === 0 && slot.fenceUntil <= this.now()) this.slots.delete(mailbox);
  }
}

/** The mailbox a Graph URL addresses (`/users/{id}/...`), or null for tenant-wide calls. */
export function mailboxOfUrl(url: string): string | null {
  const match = /\/users\/([^/?]+)\//i.exec(url) ?? /\/users\('([^']+)'\)\//i.exec(url);
  if (!match?.[1]) return null;
  return decodeURIComponent(match[1]).toLowerCase();
}
