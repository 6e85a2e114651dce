/**
 * The OLD yardstick of sync efficiency (issue 9), kept under this name as a schedule diagnostic
 * only: it is built from the requests the app actually made (the sandbox's request log) and the
 * app's own mailbox concurrency, so wasted requests or small pages raise it and flatter the app.
 * The efficiency itself now uses ideal-time.ts (Graph's documented limits only, issue 17).
 * What it computes: what the app's own requests would take if the only cost were latency, with
 * at most 4 requests in flight per mailbox (Exchange) and `mailboxConcurrency` mailboxes at once.
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
import { GRAPH_MAILBOX_CONCURRENCY } from './ideal-time.js';

export type RequestLogIdealTime = { seconds: number; serialSeconds: number; requests: number };

export function requestLogIdealTime(chains: readonly MailboxChains[], latencyMs: number, mailboxConcurrency: number): RequestLogIdealTime {
  let sum = 0;
  let slowest = 0;
  let serialSum = 0;
  let serialSlowest = 0;
  let requests = 0;
  for (const mailbox of chains) {
    const total = mailbox.discovery + mailbox.deltaChains.reduce((a, b) => a + b, 0);
    const longest = mailbox.deltaChains.length > 0 ? Math.max(...mailbox.deltaChains) + (mailbox.discovery > 0 ? 1 : 0) : 0;
    const bound = Math.max(longest, Math.ceil(total / GRAPH_MAILBOX_CONCURRENCY));
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
