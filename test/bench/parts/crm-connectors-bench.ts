/**
 * The HubSpot and Dynamics 365 connectors against their simulators (each in a child process, so
 * only the connector's work is measured here): a full refresh of 100,000 contacts, 20,000
 * accounts, 50,000 leads and 10,000 opportunities (sizes overridable with --contacts etc.), then
 * an incremental refresh after 1% of every table changed. Figures: wall time, requests, and the
 * peak RSS of the connector's own process during each read (sampled every 20 ms). Rate limits are not enforced
 * by the simulators here: real HubSpot allows 100-190 requests per 10 s, so its full-read time
 * there is bounded below by requests / 19 per second (reported as hubspotFullRateLimitFloorSeconds).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberOption, type BenchOptions, type BenchPart, type BenchRow } from '../bench-types.js';
import type { CrmChildInfo, CrmChildReply } from '../support/crm-simulator-child.js';
import type { ReadFigures } from '../support/crm-connector-child.js';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'support', 'crm-simulator-child.ts');

type Child = { info: CrmChildInfo; ask(type: 'mutate' | 'requests', fraction?: number): Promise<number>; close(): void };

async function startChild(crm: 'hubspot' | 'dynamics', size: Record<string, number>): Promise<Child> {
  const child: ChildProcess = fork(entry, [JSON.stringify({ crm, size })], { execArgv: ['--import', 'tsx', '--max-old-space-size=4096'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (value: number) => void>();
  let nextId = 1;
  const info = await new Promise<CrmChildInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${crm} simulator exited (${code}) before it started`)));
    child.on('message', (raw) => {
      const message = raw as { ready?: CrmChildInfo } & Partial<CrmChildReply>;
      if (message.ready) resolve(message.ready);
      else if (message.id !== undefined) pending.get(message.id)?.(message.value ?? 0);
    });
  });
  return {
    info,
    ask: (type, fraction) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        child.send({ id, type, fraction });
      }),
    close: () => child.send({ id: 0, type: 'close' }),
  };
}

const connectorEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'support', 'crm-connector-child.ts');

/** The connector in a fresh process of its own; `read` asks it for a full or incremental read. */
async function startConnector(crm: 'hubspot' | 'dynamics', info: CrmChildInfo): Promise<{ read(type: 'full' | 'incremental'): Promise<ReadFigures>; close(): void }> {
  const child = fork(connectorEntry, [JSON.stringify({ crm, info })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${crm} connector process exited (${code})`)));
    child.once('message', () => resolve());
  });
  return {
    read: (type) =>
      new Promise((resolve, reject) => {
        child.once('message', (raw) => {
          const reply = raw as { figures?: ReadFigures; error?: string };
          if (reply.figures) resolve(reply.figures);
          else reject(new Error(reply.error ?? 'no figures'));
        });
        child.send({ type });
      }),
    close: () => child.send({ type: 'close' }),
  };
}

async function benchOne(crm: 'hubspot' | 'dynamics', size: Record<string, number>): Promise<Record<string, number>> {
  const sim = await startChild(crm, size);
  const connector = await startConnector(crm, sim.info);
  try {
    const full = await connector.read('full');
    const fullServed = await sim.ask('requests');
    const changed = await sim.ask('mutate', 0.01);
    const inc = await connector.read('incremental');
    return {
      BaselineRssMb: full.baselineRssMb,
      FullSeconds: full.seconds,
      FullRequests: full.requests,
      FullRequestsServed: fullServed,
      FullPeakRssMb: full.peakRssMb,
      FullRows: full.rows,
      FullRejected: full.rejected,
      IncrementalSeconds: inc.seconds,
      IncrementalRequests: inc.requests,
      IncrementalPeakRssMb: inc.peakRssMb,
      IncrementalChangesMade: changed,
      IncrementalRowsRead: inc.rows,
    };
  } finally {
    connector.close();
    sim.close();
  }
}

export const crmConnectorsBench: BenchPart = {
  name: 'crmConnectors',
  description: 'HubSpot and Dynamics 365 connectors: full refresh of 180,000 CRM rows and an incremental refresh of 1%, against their simulators',
  async run(options: BenchOptions) {
    const size = {
      contacts: numberOption(options, 'contacts', 100_000),
      accounts: numberOption(options, 'accounts', 20_000),
      leads: numberOption(options, 'leads', 50_000),
      opportunities: numberOption(options, 'opportunities', 10_000),
      users: numberOption(options, 'users', 200),
    };
    const figures: Record<string, number | string> = {};
    const rows: BenchRow[] = [];
    for (const crm of ['hubspot', 'dynamics'] as const) {
      const f = await benchOne(crm, size);
      for (const [name, value] of Object.entries(f)) figures[`${crm}${name}`] = Math.round(value * 100) / 100;
      rows.push(
        { metric: `${crm}FullSeconds`, value: f['FullSeconds']!, unit: 's', target: { op: '<', value: 120 } },
        { metric: `${crm}FullRequests`, value: f['FullRequests']!, unit: 'requests' },
        { metric: `${crm}FullPeakRssMb`, value: f['FullPeakRssMb']!, unit: 'MB', target: { op: '<', value: 300 } },
        { metric: `${crm}IncrementalSeconds`, value: f['IncrementalSeconds']!, unit: 's', target: { op: '<', value: 5 } },
        { metric: `${crm}IncrementalRequests`, value: f['IncrementalRequests']!, unit: 'requests' },
        { metric: `${crm}IncrementalPeakRssMb`, value: f['IncrementalPeakRssMb']!, unit: 'MB', target: { op: '<', value: 300 } },
      );
      if (crm === 'hubspot') figures['hubspotFullRateLimitFloorSeconds'] = Math.round((f['FullRequests']! / 19) * 10) / 10;
    }
    return {
      figures,
      rows,
      notes: [
        `sizes: ${JSON.stringify(size)}; the simulators enforce no rate limit here (HubSpot's 190 requests/10 s would make its full read take at least ${figures['hubspotFullRateLimitFloorSeconds']} s)`,
        'peak RSS is the connector process (node + tsx + the connector, fresh per CRM; <crm>BaselineRssMb before the full read), sampled every 20 ms; the incremental read runs after the full read in that process, so its peak includes what the full read left in the heap; Dynamics request counts exclude the Entra token requests',
      ],
    };
  },
};
