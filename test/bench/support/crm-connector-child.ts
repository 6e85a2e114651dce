/**
 * Not a test: one CRM connector in a fresh process for the CRM benchmark, so that each connector's
 * peak RSS is its own (not what an earlier connector left in the heap). Started by
 * parts/crm-connectors-bench.ts with {crm, info} as JSON in argv; on 'full' it reads everything,
 * on 'incremental' it reads the changes since its full read; each answers its figures over IPC.
 */
import { createHttpDispatcher } from '../../../src-main/net/http-dispatcher.js';
import { createHubspotConnector } from '../../../src-main/crm/connectors/hubspot/index.js';
import { createDynamicsConnector } from '../../../src-main/crm/connectors/dynamics/index.js';
import type { CrmConnector } from '../../../src-main/crm/connectors/crm-connector.js';
import type { CrmChildInfo } from './crm-simulator-child.js';

export type ReadFigures = { seconds: number; requests: number; peakRssMb: number; baselineRssMb: number; rows: number; rejected: number };

const { crm, info } = JSON.parse(process.argv[2] ?? '{}') as { crm: 'hubspot' | 'dynamics'; info: CrmChildInfo };
const dispatcher = createHttpDispatcher({ extraCaPem: [info.caPem] });
const connector: CrmConnector = crm === 'hubspot' ? createHubspotConnector({ ...info.hubspot! }, { dispatcher }) : createDynamicsConnector({ ...info.dynamics! }, { dispatcher });

async function measure(run: () => Promise<{ requests: number; rows: number; rejected: number }>): Promise<ReadFigures> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const { requests, rows, rejected } = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { seconds: (performance.now() - started) / 1000, requests, rows, rejected, peakRssMb: peak / 1048576, baselineRssMb: baseline / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

let cursor = '';
process.on('message', (raw: { type: 'full' | 'incremental' | 'close' }) => {
  if (raw.type === 'close') process.exit(0);
  const run =
    raw.type === 'full'
      ? measure(async () => {
          const read = await connector.readAll();
          cursor = read.cursor;
          return { requests: read.requests, rows: Object.values(read.snapshot).reduce((n, t) => n + t.length, 0), rejected: read.rejected.length };
        })
      : measure(async () => {
          const read = await connector.readChangesSince(cursor);
          return { requests: read.requests, rows: Object.values(read.changes).reduce((n, t) => n + t.upserted.length + t.deleted.length, 0), rejected: read.rejected.length };
        });
  run.then((figures) => process.send?.({ figures }), (error: unknown) => process.send?.({ error: String(error) }));
});
process.send?.({ ready: true });
