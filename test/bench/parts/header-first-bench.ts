/**
 * Header-first capture (issue 21) against the full fetch, side by side in one run, same tenant,
 * same latency: a first sync of N mailboxes x M messages (default the issue's 200 x 2,000) and one
 * steady-state cycle over K first-synced mailboxes with 1% new mail (default 5,000), each once
 * with `fetchMode: 'full'` (every page selects body and internet headers) and once header-first
 * (pages select the envelope; candidates' content comes in JSON batches). Per path:
 *   bytesPer1000      bytes of Graph answers the sandbox sent, per 1,000 messages read
 *   requestsPer1000   Graph requests per 1,000 messages read, each `$batch` member counted on its
 *                     own (as Graph's throttling counts them), the batch envelope not
 *   cpuUsPerMessage   the app process's CPU microseconds per message read (first sync)
 *   firstSyncWallSeconds, steadyCycleWallSeconds
 * Bytes and requests come from the sandbox's request log (per-request bytes), not from the app.
 * Options: --mailboxes (200) --messages (2000) --steadyMailboxes (5000) --seedMessages (20)
 * --newMail (20) --latency (40) --concurrency (8); --steadyMailboxes 0 skips the steady cycle.
 */
import { CONTENT_SELECT, ENVELOPE_SELECT, type FetchMode } from '../../../src-main/graph/graph-message.js';
import { evaluateEnvelope, readMessage } from '../../../src-main/rules/pipeline.js';
import { realisticMix } from '../support/pipeline-mix.js';
import { numberOption, type BenchPart, type BenchRow } from '../bench-types.js';
import { measureSyncNow, startBenchSync, type MeasuredCycle } from '../support/bench-sync.js';

type PathFigures = { read: number; imported: number; bytes: number; requests: number; cpuSeconds: number; wallSeconds: number; failed: number; decidedAtEnvelope: number };

const per1000 = (value: number, read: number) => (read === 0 ? 0 : (value * 1000) / read);

function figuresOf(measured: MeasuredCycle): PathFigures {
  return {
    read: measured.summary.read,
    imported: measured.summary.imported,
    bytes: measured.traffic.graphBytes,
    requests: measured.traffic.graphRequests,
    cpuSeconds: measured.appCpuSeconds,
    wallSeconds: measured.seconds,
    failed: measured.failures.length,
    decidedAtEnvelope: measured.summary.decidedAtEnvelope,
  };
}

async function firstSync(mode: FetchMode, mailboxes: number, messages: number, latency: number, concurrency: number): Promise<PathFigures> {
  const bench = await startBenchSync({ scale: 'bench', seed: 1, bench: { mailboxes, messagesPerMailbox: messages } }, { label: `hf-first-${mode}`, fullLookback: true, tuning: { mailboxConcurrency: concurrency, fetchMode: mode } });
  try {
    return figuresOf(await measureSyncNow(bench, latency));
  } finally {
    await bench.close();
  }
}

async function steadyCycle(mode: FetchMode, mailboxes: number, seedMessages: number, newMail: number, latency: number, concurrency: number): Promise<PathFigures> {
  const bench = await startBenchSync({ scale: 'bench', seed: 2, bench: { mailboxes, messagesPerMailbox: seedMessages } }, { label: `hf-steady-${mode}`, tuning: { mailboxConcurrency: concurrency, fetchMode: mode } });
  try {
    await bench.harness.app.syncNow(); // the first sync, at no latency: it seeds the cursors
    await bench.sandbox.deliverNewMail(newMail);
    return figuresOf(await measureSyncNow(bench, latency));
  } finally {
    await bench.close();
  }
}

/**
 * The bench tenant's mail is mostly customer mail (about two thirds imports). For the share of a
 * real sales mailbox (REALISTIC_SHARES: half internal or unmatched) the same bytes figure is
 * computed from payload sizes, without a network: the full payload against the envelope plus, for
 * the messages the envelope leaves open, the content a batch member returns.
 */
function realisticMixPayloadRatio(): { ratio: number; envelopeShare: number } {
  let full = 0;
  let headerFirst = 0;
  let settled = 0;
  const mix = realisticMix(6000);
  for (const { message, context } of mix) {
    const raw = message as Record<string, unknown>;
    full += Buffer.byteLength(JSON.stringify(raw));
    const envelope: Record<string, unknown> = { id: raw['id'] };
    for (const field of ENVELOPE_SELECT) if (field in raw) envelope[field] = raw[field];
    if ('singleValueExtendedProperties' in raw) envelope['singleValueExtendedProperties'] = raw['singleValueExtendedProperties'];
    headerFirst += Buffer.byteLength(JSON.stringify(envelope));
    if (evaluateEnvelope(readMessage(envelope), context)) {
      settled += 1;
      continue;
    }
    const content: Record<string, unknown> = {};
    for (const field of CONTENT_SELECT) if (field in raw) content[field] = raw[field];
    headerFirst += Buffer.byteLength(JSON.stringify(content));
  }
  return { ratio: headerFirst / full, envelopeShare: settled / mix.length };
}

export const headerFirstBench: BenchPart = {
  name: 'headerFirst',
  description: 'header-first capture against the full fetch: bytes, Graph requests and app CPU per message, first sync and steady-state wall time',
  async run(options) {
    const mailboxes = numberOption(options, 'mailboxes', 200);
    const messages = numberOption(options, 'messages', 2000);
    const steadyMailboxes = numberOption(options, 'steadyMailboxes', 5000);
    const seedMessages = numberOption(options, 'seedMessages', 20);
    const newMail = numberOption(options, 'newMail', 20);
    const latency = numberOption(options, 'latency', 40);
    const concurrency = numberOption(options, 'concurrency', 8);

    const payload = realisticMixPayloadRatio();
    const full = await firstSync('full', mailboxes, messages, latency, concurrency);
    const headerFirst = await firstSync('header-first', mailboxes, messages, latency, concurrency);
    const steadyFull = steadyMailboxes > 0 ? await steadyCycle('full', steadyMailboxes, seedMessages, newMail, latency, concurrency) : null;
    const steadyHeaderFirst = steadyMailboxes > 0 ? await steadyCycle('header-first', steadyMailboxes, seedMessages, newMail, latency, concurrency) : null;

    const bytesFull = per1000(full.bytes, full.read);
    const bytesHf = per1000(headerFirst.bytes, headerFirst.read);
    const requestsFull = per1000(full.requests, full.read);
    const requestsHf = per1000(headerFirst.requests, headerFirst.read);
    const cpuFull = (full.cpuSeconds * 1e6) / Math.max(1, full.read);
    const cpuHf = (headerFirst.cpuSeconds * 1e6) / Math.max(1, headerFirst.read);
    const rows: BenchRow[] = [
      { metric: 'bytesPer1000Full', value: bytesFull, unit: 'bytes' },
      { metric: 'bytesPer1000HeaderFirst', value: bytesHf, unit: 'bytes' },
      { metric: 'bytesRatio', value: bytesHf / bytesFull, unit: 'header-first/full', target: { op: '<', value: 1 / 3 } },
      { metric: 'bytesRatioRealisticMixPayload', value: payload.ratio, unit: 'header-first/full (payload sizes, realistic mix)' },
      { metric: 'requestsPer1000Full', value: requestsFull, unit: 'requests' },
      { metric: 'requestsPer1000HeaderFirst', value: requestsHf, unit: 'requests' },
      { metric: 'requestsRatio', value: requestsHf / requestsFull, unit: 'header-first/full', target: { op: '<', value: 1.5 } },
      { metric: 'cpuUsPerMessageFull', value: cpuFull, unit: 'us' },
      { metric: 'cpuUsPerMessageHeaderFirst', value: cpuHf, unit: 'us' },
      { metric: 'cpuRatio', value: cpuHf / cpuFull, unit: 'header-first/full', target: { op: '<', value: 0.5 } },
      { metric: 'firstSyncWallSecondsFull', value: full.wallSeconds, unit: 's' },
      { metric: 'firstSyncWallSecondsHeaderFirst', value: headerFirst.wallSeconds, unit: 's' },
      ...(steadyFull && steadyHeaderFirst
        ? [
            { metric: 'steadyCycleWallSecondsFull', value: steadyFull.wallSeconds, unit: 's' },
            { metric: 'steadyCycleWallSecondsHeaderFirst', value: steadyHeaderFirst.wallSeconds, unit: 's' },
          ]
        : []),
    ];
    const round = (value: number, digits = 0) => Number(value.toFixed(digits));
    return {
      figures: {
        mailboxes,
        messagesPerMailbox: messages,
        latencyMs: latency,
        mailboxConcurrency: concurrency,
        messagesReadFull: full.read,
        messagesReadHeaderFirst: headerFirst.read,
        importedFull: full.imported,
        importedHeaderFirst: headerFirst.imported,
        decidedAtEnvelopeHeaderFirst: headerFirst.decidedAtEnvelope,
        bytesRatioRealisticMixPayload: round(payload.ratio, 3),
        envelopeShareRealisticMix: round(payload.envelopeShare, 3),
        envelopeShareBenchTenant: round(headerFirst.decidedAtEnvelope / Math.max(1, headerFirst.read), 3),
        bytesPer1000Full: round(bytesFull),
        bytesPer1000HeaderFirst: round(bytesHf),
        requestsPer1000Full: round(requestsFull, 1),
        requestsPer1000HeaderFirst: round(requestsHf, 1),
        cpuUsPerMessageFull: round(cpuFull),
        cpuUsPerMessageHeaderFirst: round(cpuHf),
        firstSyncWallSecondsFull: round(full.wallSeconds, 1),
        firstSyncWallSecondsHeaderFirst: round(headerFirst.wallSeconds, 1),
        failedMailboxes: full.failed + headerFirst.failed + (steadyFull?.failed ?? 0) + (steadyHeaderFirst?.failed ?? 0),
        ...(steadyFull && steadyHeaderFirst
          ? {
              steadyMailboxes,
              steadyCycleWallSecondsFull: round(steadyFull.wallSeconds, 1),
              steadyCycleWallSecondsHeaderFirst: round(steadyHeaderFirst.wallSeconds, 1),
              steadyBytesPer1000Full: round(per1000(steadyFull.bytes, steadyFull.read)),
              steadyBytesPer1000HeaderFirst: round(per1000(steadyHeaderFirst.bytes, steadyHeaderFirst.read)),
              steadyRequestsPer1000Full: round(per1000(steadyFull.requests, steadyFull.read), 1),
              steadyRequestsPer1000HeaderFirst: round(per1000(steadyHeaderFirst.requests, steadyHeaderFirst.read), 1),
            }
          : {}),
      },
      rows,
      notes: [
        `realistic mix (payload sizes, no network): ${(payload.envelopeShare * 100).toFixed(0)}% decided on the envelope, header-first bytes ${(payload.ratio * 100).toFixed(0)}% of the full fetch's`,
        `first sync ${mailboxes} x ~${messages} at ${latency} ms, ${concurrency} mailboxes at once: full read ${full.read} (${full.imported} imported), header-first read ${headerFirst.read} (${headerFirst.imported} imported, ${headerFirst.decidedAtEnvelope} decided on the envelope)`,
        ...(steadyFull && steadyHeaderFirst ? [`steady cycle over ${steadyMailboxes} mailboxes (${newMail} new each): full read ${steadyFull.read}, header-first read ${steadyHeaderFirst.read}`] : ['steady cycle skipped (--steadyMailboxes 0)']),
      ],
    };
  },
};
