/**
 * The ideal time of a sync against Graph's limits, the yardstick of SYNC EFFICIENCY (issue 9):
 * what a sync would take if the only cost were request latency, with at most 4 requests in flight
 * per mailbox (Exchange) and `mailboxConcurrency` mailboxes at once (the app's setting).
 *
 * Per mailbox, the lower bound is the longer of its longest delta chain (each page waits for the
 * previous page's nextLink; +1 when the folder listing had to come first - not when the app
 * reused a kept list) and all its requests spread
 * over 4 slots. Across mailboxes, it is the longer of the slowest mailbox and the sum spread over
 * the concurrent mailboxes. Being lower bounds, they make the efficiency conservative.
 *
 * `serialSeconds` is the ideal of a one-request-at-a-time schedule per mailbox (folders one after
 * another, as the app read them before it read folders side by side), to tell schedule losses
 * from overheads.
 */
import type { MailboxChains } from './request-chains.js';

export const MAILBOX_CONCURRENCY_LIMIT = 4;

export type IdealTime = { seconds: number; serialSeconds: number; requests: number };

export function idealTime(chains: readonly MailboxChains[], latencyMs: number, mailboxConcurrency: number): IdealTime {
  let sum = 0;
  let slowest = 0;
  let serialSum = 0;
  let serialSlowest = 0;
  let requests = 0;
  for (const mailbox of chains) {
    const total = mailbox.discovery + mailbox.deltaChains.reduce((a, b) => a + b, 0);
    const longest = mailbox.deltaChains.length > 0 ? Math.max(...mailbox.deltaChains) + (mailbox.discovery > 0 ? 1 : 0) : 0;
    const bound = Math.max(longest, Math.ceil(total / MAILBOX_CONCURRENCY_LIMIT));
    sum += bound;
    slowest = Math.max(slowest, bound);
    serialSum += total;
    serialSlowest = Math.max(serialSlowest, total);
    requests += total;
  }
  const slots = Math.max(1, mailboxConcurrency);
  const seconds = (Math.max(slowest, sum / slots) * latencyMs) / 1000;
  const serialSeconds = (Math.max(serialSlowest, serialSum / slots) * latencyMs) / 1000;
  return { seconds, serialSeconds, requests };
}
