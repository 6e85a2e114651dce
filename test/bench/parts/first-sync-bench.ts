/**
 * First sync: N mailboxes x M messages of the bench-scale sandbox (lazy), with a real-timer latency
 * on every Graph request and Exchange's 4-per-mailbox limit enforced by the sandbox, through the
 * real app (createApp, Graph SDK reader, rules, MariaDB store), into a private mariadbd. The
 * sandbox runs in its own process (support/sandbox-child.ts). Reports wall time, messages per
 * second and SYNC EFFICIENCY = ideal time (support/ideal-time.ts) / measured time.
 * Options: --mailboxes (default 40) --messages (2000) --latency (40 ms) --concurrency (app default 8)
 * --pageSize (app default 100).
 */
import { numberOption, type BenchPart } from '../bench-types.js';
import { idealTime } from '../support/ideal-time.js';
import { measureSyncNow, startBenchSync } from '../support/bench-sync.js';

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
      const { summary, seconds, appCpuSeconds, sandboxCpuSeconds, traffic, failures } = await measureSyncNow(bench, latency);
      const ideal = idealTime(traffic.chains, latency, concurrency);
      const failed = failures.length;
      const efficiency = ideal.seconds / seconds;
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
          efficiency: Number(efficiency.toFixed(3)),
          idealSeconds: Number(ideal.seconds.toFixed(1)),
          serialScheduleEfficiency: Number((ideal.serialSeconds / seconds).toFixed(3)),
          graphRequests: ideal.requests,
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
          { metric: 'efficiency', value: efficiency, unit: 'ideal/measured', target: { op: '>=', value: 0.85 } },
          { metric: 'serialScheduleEfficiency', value: ideal.serialSeconds / seconds, unit: 'ideal/measured' },
          { metric: 'appCpuSeconds', value: appCpuSeconds, unit: 's' },
          { metric: 'sandboxCpuSeconds', value: sandboxCpuSeconds, unit: 's' },
          ...(scale !== 1 ? [{ metric: 'extrapolatedWallSeconds200x2000', value: extrapolated, unit: 's (EXTRAPOLATED)' }] : []),
        ],
        notes: [
          `${mailboxes} mailboxes x ~${messages} messages, ${latency} ms per request, ${concurrency} mailboxes at once, pages of ${pageSize}: ${summary.read} read, ${summary.imported} imported, ${ideal.requests} Graph requests (${traffic.throttled} throttled), ${failed} mailboxes failed`,
          `ideal ${ideal.seconds.toFixed(1)} s (4 requests per mailbox at once); ideal of a one-request-at-a-time schedule per mailbox ${ideal.serialSeconds.toFixed(1)} s`,
          ...[...new Set(failures.map((m) => m.lastError ?? m.state))].map((error) => `mailbox failure: ${error}`),
          ...(scale !== 1 ? [`EXTRAPOLATED linearly to ${FULL.mailboxes} x ${FULL.messages}: ${Math.round(extrapolated)} s (not measured)`] : []),
        ],
      };
    } finally {
      await bench.close();
    }
  },
};
