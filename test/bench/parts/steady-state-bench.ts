/**
 * Steady state: one full cycle over N mailboxes (default 5,000) after their first sync, with 1% new
 * mail, at 40 ms per Graph request, against the 15-minute budget. A first sync of 5,000 real-size
 * mailboxes would take the whole benchmark, so the store's cursors are seeded cheaply: the tenant's
 * mailboxes hold --seedMessages (default 20) messages each and are first-synced with no latency.
 * Then --newMail (default 20, 1% of a 2,000-message mailbox) new messages of the bench generator's
 * mix arrive in every mailbox, latency is switched on, and ONE cycle is measured.
 * The default is 1,000 mailboxes (seeding 5,000 takes ~8 minutes on 2 cores), extrapolated
 * linearly to 5,000 and labelled so; `--mailboxes 5000` measures the full size.
 * Fair figures as in the first sync: the app process's CPU microseconds per message read and
 * imported (appCpuUsPerMessage), and the efficiency against the Graph-limits ideal of the cycle's
 * workload (support/ideal-time.ts: every synced folder polled once, the new mail in pages of 1,000);
 * the old request-log ideal is kept as requestLog*.
 * Options: --mailboxes --seedMessages --newMail --latency (40) --concurrency (app default 8).
 */
import { numberOption, type BenchPart } from '../bench-types.js';
import { GRAPH_MAILBOX_CONCURRENCY, GRAPH_MAX_DELTA_PAGE_SIZE } from '../support/ideal-time.js';
import { requestLogIdealTime } from '../support/request-log-ideal-time.js';
import { syncCostFigures, syncCostRows } from '../support/sync-cost.js';
import { appCpuUsPerMessage, graphIdealOf, measureSyncNow, startBenchSync } from '../support/bench-sync.js';

const BUDGET_SECONDS = 15 * 60;
const FULL_MAILBOXES = 5000;

export const steadyStateBench: BenchPart = {
  name: 'steadyState',
  description: 'one cycle over 5,000 first-synced mailboxes with 1% new mail at 40 ms per request',
  async run(options) {
    const mailboxes = numberOption(options, 'mailboxes', 1000);
    const seedMessages = numberOption(options, 'seedMessages', 20);
    const newMail = numberOption(options, 'newMail', 20);
    const latency = numberOption(options, 'latency', 40);
    const concurrency = numberOption(options, 'concurrency', 8);
    const bench = await startBenchSync({ scale: 'bench', seed: 2, bench: { mailboxes, messagesPerMailbox: seedMessages } }, { label: 'steady', tuning: { mailboxConcurrency: concurrency } });
    try {
      const seedStarted = process.hrtime.bigint();
      const seeded = await bench.harness.app.syncNow();
      const seedSeconds = Number(process.hrtime.bigint() - seedStarted) / 1e9;
      // The cycle's workload is the mail that arrives from here on (the seeded mail is hours old).
      const cycleSince = new Date();
      const delivered = await bench.sandbox.deliverNewMail(newMail);
      const cycle = await measureSyncNow(bench, latency);
      const { summary, seconds, appCpuSeconds, sandboxCpuSeconds, traffic, failures } = cycle;
      const logIdeal = requestLogIdealTime(traffic.chains, latency, concurrency);
      const { ideal, allAtOnce } = await graphIdealOf(bench, { latencyMs: latency, mailboxesInFlight: concurrency, since: () => cycleSince });
      const cpuPerMessage = appCpuUsPerMessage(cycle);
      const cost = { seconds, ideal, allAtOnce, logIdeal, cpuPerMessage };
      const failed = failures.length;
      const perMailbox = traffic.requests / mailboxes;
      const extrapolated = (seconds * FULL_MAILBOXES) / mailboxes;
      return {
        figures: {
          mailboxes,
          seedMessagesPerMailbox: seedMessages,
          seedSeconds: Number(seedSeconds.toFixed(1)),
          seedRead: seeded.read,
          newMessagesDelivered: delivered,
          latencyMs: latency,
          mailboxConcurrency: concurrency,
          cycleSeconds: Number(seconds.toFixed(1)),
          budgetSeconds: BUDGET_SECONDS,
          messagesRead: summary.read,
          imported: summary.imported,
          graphRequests: traffic.requests,
          graphRequestsPerMailbox: Number(perMailbox.toFixed(2)),
          throttled: traffic.throttled,
          ...syncCostFigures(cost),
          idealBasis: `Graph limits: every synced folder polled once, new mail in pages of ${GRAPH_MAX_DELTA_PAGE_SIZE}, ${GRAPH_MAILBOX_CONCURRENCY} requests per mailbox, ${latency} ms, ${concurrency} mailboxes in flight`,
          failedMailboxes: failed,
          appCpuSeconds: Number(appCpuSeconds.toFixed(1)),
          sandboxCpuSeconds: Number(sandboxCpuSeconds.toFixed(1)),
          ...(mailboxes !== FULL_MAILBOXES ? { extrapolatedCycleSeconds5000: Math.round(extrapolated) } : {}),
        },
        rows: [
          mailboxes === FULL_MAILBOXES
            ? { metric: 'cycleSeconds', value: seconds, unit: 's', target: { op: '<', value: 180 } }
            : { metric: 'cycleSeconds', value: seconds, unit: `s (${mailboxes} mailboxes)` },
          ...(mailboxes !== FULL_MAILBOXES ? [{ metric: 'extrapolatedCycleSeconds5000', value: extrapolated, unit: 's (EXTRAPOLATED)', target: { op: '<' as const, value: 180 } }] : []),
          { metric: 'graphRequestsPerMailbox', value: perMailbox, unit: 'requests' },
          ...syncCostRows(cost),
          { metric: 'appCpuSeconds', value: appCpuSeconds, unit: 's' },
          { metric: 'sandboxCpuSeconds', value: sandboxCpuSeconds, unit: 's' },
        ],
        notes: [
          `seeded: first sync of ${mailboxes} mailboxes x ~${seedMessages} messages at 0 ms latency in ${seedSeconds.toFixed(0)} s (${seeded.read} read); then ${delivered} new messages (${newMail} per mailbox)`,
          `measured: ONE cycle at ${latency} ms per request, ${concurrency} mailboxes at once: ${seconds.toFixed(1)} s of the ${BUDGET_SECONDS} s budget; ${summary.read} read, ${summary.imported} imported, ${traffic.requests} Graph requests (${perMailbox.toFixed(1)} per mailbox, ${traffic.throttled} throttled), ${failed} mailboxes failed; ${traffic.chains.length} mailboxes with traffic`,
          `ideal from Graph limits ${ideal.seconds.toFixed(2)} s: ${ideal.messages} new messages of ${ideal.mailboxes} mailboxes, ${ideal.requests} requests (every synced folder once, pages of <= ${GRAPH_MAX_DELTA_PAGE_SIZE}), ${GRAPH_MAILBOX_CONCURRENCY} per mailbox at once, ${concurrency} mailboxes in flight (all at once: ${allAtOnce.seconds.toFixed(2)} s); request-log ideal ${logIdeal.seconds.toFixed(1)} s`,
          `app CPU ${cpuPerMessage.read} us per message read, ${cpuPerMessage.imported} us per message imported (app process only)`,
          ...(mailboxes !== FULL_MAILBOXES ? [`EXTRAPOLATED linearly to ${FULL_MAILBOXES} mailboxes: ${Math.round(extrapolated)} s (not measured)`] : []),
        ],
      };
    } finally {
      await bench.close();
    }
  },
};
