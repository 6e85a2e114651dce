/**
 * First sync: N mailboxes x M messages of the bench-scale sandbox (lazy), with a real-timer latency
 * on every Graph request and Exchange's 4-per-mailbox limit enforced by the sandbox, through the
 * real app (createApp, Graph SDK reader, rules, MariaDB store), into a private mariadbd. The
 * sandbox runs in its own process (support/sandbox-child.ts). Reports wall time, messages per
 * second, the app process's CPU microseconds per message read and imported (appCpuUsPerMessage)
 * and SYNC EFFICIENCY = ideal time / measured time, the ideal from Graph's documented limits and
 * the tenant's content alone (support/ideal-time.ts), never from the app's requests or settings;
 * the old request-log ideal is kept as requestLog* (support/request-log-ideal-time.ts).
 * Options: --mailboxes (default 40) --messages (2000) --latency (40 ms) --concurrency (app default 8)
 * --pageSize (app default 100).
 */
import { numberOption, type BenchPart } from '../bench-types.js';
import { GRAPH_MAILBOX_CONCURRENCY, GRAPH_MAX_DELTA_PAGE_SIZE } from '../support/ideal-time.js';
import { requestLogIdealTime } from '../support/request-log-ideal-time.js';
import { syncCostFigures, syncCostRows } from '../support/sync-cost.js';
import { appCpuUsPerMessage, graphIdealOf, measureSyncNow, startBenchSync } from '../support/bench-sync.js';
import { withFullLookback } from '../support/app-harness.js';
import { lookbackStart } from '../../../src-main/sync/lookback.js';

const FULL = { mailboxes: 200, messages: 2000 };

export const firstSyncBench: BenchPart = {
  name: 'firstSync',
  description: 'first sync of N mailboxes x M messages at 40 ms per Graph request, 4 per mailbox, into MariaDB',
  async run(options) {
    const mailboxes = numberOption(options, 'mailboxes', 40);
    const messages = numberOption(options, 'messages', 2000);
    const latency = numberOption(options, 'latency', 40);
    const concurrency = numberOption(options, 'concurrency', 8);
    const pageSize = numberOption(options, 'pageSize', 100);
    const bench = await startBenchSync({ scale: 'bench', seed: 1, bench: { mailboxes, messagesPerMailbox: messages } }, { label: 'firstsync', fullLookback: true, tuning: { mailboxConcurrency: concurrency, pageSize } });
    try {
      const cycle = await measureSyncNow(bench, latency);
      const { summary, seconds, appCpuSeconds, sandboxCpuSeconds, traffic, failures } = cycle;
      const logIdeal = requestLogIdealTime(traffic.chains, latency, concurrency);
      // The workload: what each mailbox's lookback (architecture.md) asks Graph for, the CRM as the app was given it.
      const crm = withFullLookback(bench.sandbox.info.crm);
      const now = new Date();
      const { ideal, allAtOnce } = await graphIdealOf(bench, { latencyMs: latency, mailboxesInFlight: concurrency, since: (mailbox) => lookbackStart({ mailbox, crm, now, lookbackMaxDays: null }) });
      const cpuPerMessage = appCpuUsPerMessage(cycle);
      const cost = { seconds, ideal, allAtOnce, logIdeal, cpuPerMessage };
      const failed = failures.length;
      const perSec = summary.read / seconds;
      const scale = (FULL.mailboxes * FULL.messages) / (mailboxes * messages);
      const extrapolated = seconds * scale;
      return {
        figures: {
          mailboxes,
          messagesPerMailbox: messages,
          latencyMs: latency,
          mailboxConcurrency: concurrency,
          pageSize,
          wallSeconds: Number(seconds.toFixed(1)),
          messagesRead: summary.read,
          imported: summary.imported,
          messagesPerSec: Math.round(perSec),
          ...syncCostFigures(cost),
          idealBasis: `Graph limits: ${GRAPH_MAILBOX_CONCURRENCY} requests per mailbox, pages of ${GRAPH_MAX_DELTA_PAGE_SIZE}, ${latency} ms, ${concurrency} mailboxes in flight`,
          requestLogSerialScheduleEfficiency: Number((logIdeal.serialSeconds / seconds).toFixed(3)),
          graphRequests: logIdeal.requests,
          throttled: traffic.throttled,
          failedMailboxes: failed,
          appCpuSeconds: Number(appCpuSeconds.toFixed(1)),
          sandboxCpuSeconds: Number(sandboxCpuSeconds.toFixed(1)),
          sandboxPeakRssMb: Math.round(traffic.peakRssMb),
          ...(scale !== 1 ? { extrapolatedWallSeconds200x2000: Math.round(extrapolated) } : {}),
        },
        rows: [
          { metric: 'wallSeconds', value: seconds, unit: 's' },
          { metric: 'messagesPerSec', value: perSec, unit: 'messages/s' },
          ...syncCostRows(cost, { op: '>=', value: 0.85 }),
          { metric: 'appCpuSeconds', value: appCpuSeconds, unit: 's' },
          { metric: 'sandboxCpuSeconds', value: sandboxCpuSeconds, unit: 's' },
          ...(scale !== 1 ? [{ metric: 'extrapolatedWallSeconds200x2000', value: extrapolated, unit: 's (EXTRAPOLATED)' }] : []),
        ],
        notes: [
          `${mailboxes} mailboxes x ~${messages} messages, ${latency} ms per request, ${concurrency} mailboxes at once, pages of ${pageSize}: ${summary.read} read, ${summary.imported} imported, ${logIdeal.requests} Graph requests (${traffic.throttled} throttled), ${failed} mailboxes failed`,
          `ideal from Graph limits ${ideal.seconds.toFixed(2)} s: ${ideal.messages} messages of ${ideal.mailboxes} mailboxes in ${ideal.requests} pages of <= ${GRAPH_MAX_DELTA_PAGE_SIZE}, ${GRAPH_MAILBOX_CONCURRENCY} per mailbox at once, ${concurrency} mailboxes in flight (all mailboxes at once: ${allAtOnce.seconds.toFixed(2)} s)`,
          `app CPU ${cpuPerMessage.read} us per message read, ${cpuPerMessage.imported} us per message imported (app process only; the sandbox's ${sandboxCpuSeconds.toFixed(1)} s not included)`,
          `request-log ideal (the app's own requests) ${logIdeal.seconds.toFixed(1)} s; of a one-request-at-a-time schedule per mailbox ${logIdeal.serialSeconds.toFixed(1)} s`,
          ...[...new Set(failures.map((m) => m.lastError ?? m.state))].map((error) => `mailbox failure: ${error}`),
          ...(scale !== 1 ? [`EXTRAPOLATED linearly to ${FULL.mailboxes} x ${FULL.messages}: ${Math.round(extrapolated)} s (not measured)`] : []),
        ],
      };
    } finally {
      await bench.close();
    }
  },
};
