/**
 * The ideal time of a sync from Graph's documented limits alone, the yardstick of SYNC EFFICIENCY
 * (issue 17, point 4). It must not depend on how the app reads: not on its request log (wasted
 * requests would raise the ideal), its page size or its per-mailbox schedule (a cautious setting
 * would too). Its inputs are the workload - per mailbox, how many messages each folder's delta
 * round has to return - and the scenario: the latency of one request and how many mailboxes are
 * in flight at once. The limits are Graph's:
 * - at most GRAPH_MAILBOX_CONCURRENCY (4) concurrent requests per app and mailbox (Outlook's
 *   documented limit, shared/docs/microsoft-graph.md "Outlook, per app and mailbox");
 * - at most GRAPH_MAX_DELTA_PAGE_SIZE (1,000) messages per delta page. Graph documents no maximum
 *   for `Prefer: odata.maxpagesize` on message delta (shared/docs/microsoft-graph.md 3.3); 1,000 is
 *   the largest page its message listing documents (`$top` 1-1000, 3.6) and what the sandbox
 *   serves at most, so no client can get larger pages here;
 * - a folder's delta pages form a chain (each page's nextLink comes from the previous page), and
 *   every folder takes at least one request even when it returns nothing.
 *
 * Per folder: pages = max(1, ceil(messages / 1000)). Per mailbox, in latencies: the longer of its
 * longest folder chain and all its pages spread over 4 slots. Over the sync: the longer of the
 * slowest mailbox and the sum of all mailboxes spread over the mailboxes in flight. Folder
 * listings are not counted (well-known folders can be read by name at once). Every step is a
 * lower bound, so the efficiency (ideal / measured) is conservative.
 */

export const GRAPH_MAILBOX_CONCURRENCY = 4;
export const GRAPH_MAX_DELTA_PAGE_SIZE = 1000;

/** Messages each folder's delta round must return, one entry per folder the sync must read. */
export type MailboxWorkload = readonly number[];

export type GraphIdealTime = {
  seconds: number;
  /** Latencies end to end (seconds = latencies x latency). */
  latencies: number;
  /** Delta pages Graph would have to serve at its largest page size. */
  requests: number;
  messages: number;
  mailboxes: number;
};

export function graphIdealTime(
  workload: readonly MailboxWorkload[],
  scenario: { latencyMs: number; mailboxesInFlight: number; maxPageSize?: number; mailboxConcurrency?: number },
): GraphIdealTime {
  const pageSize = scenario.maxPageSize ?? GRAPH_MAX_DELTA_PAGE_SIZE;
  const slots = scenario.mailboxConcurrency ?? GRAPH_MAILBOX_CONCURRENCY;
  const inFlight = Math.max(1, scenario.mailboxesInFlight);
  let sum = 0;
  let slowest = 0;
  let requests = 0;
  let messages = 0;
  for (const folders of workload) {
    const pages = folders.map((count) => Math.max(1, Math.ceil(count / pageSize)));
    const total = pages.reduce((a, b) => a + b, 0);
    const bound = Math.max(pages.length > 0 ? Math.max(...pages) : 0, Math.ceil(total / slots));
    sum += bound;
    slowest = Math.max(slowest, bound);
    requests += total;
    messages += folders.reduce((a, b) => a + b, 0);
  }
  const latencies = Math.max(slowest, sum / inFlight);
  return { seconds: (latencies * scenario.latencyMs) / 1000, latencies, requests, messages, mailboxes: workload.length };
}
