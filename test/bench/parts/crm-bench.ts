/**
 * CRM connectors (issue 22): a full refresh of 100,000 contacts, 20,000 accounts, 50,000 leads and
 * 10,000 opportunities (and 200 users) from the Salesforce simulator into MariaDB, then an
 * incremental refresh after 1% of the records changed (updates, deletions, converted leads,
 * owner changes). Wall time, HTTP requests (token included) and peak RSS of the app process (a
 * child of its own, support/crm-refresh-child.ts; the simulator runs here). No network latency:
 * the simulator answers on 127.0.0.1.
 * Options: --scale (default 1: the sizes above).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { benchCrmDirectory, BENCH_DIRECTORY_SIZE, startSalesforceSimulator, type SalesforceSimulator } from '@correspondent/crm-sandbox';
import { dropDatabase } from '../../../src-main/store/admin.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { migrate } from '../../../src-main/store/migrations/migrate.js';
import { startPrivateMariaDb } from '../../../src-main/store/private-mariadb.js';
import { numberOption, type BenchPart } from '../bench-types.js';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'support', 'crm-refresh-child.ts');

type ChildLine = { kind: 'full' | 'incremental'; seconds: number; peakRssMb: number; report: { outcome: string; requests: number; changes: { upserted: number; deleted: number }; reassigned: number; error: unknown }; counts: Record<string, number> };

/** Changes 1% of each object: updates, a few deletions and conversions, owner changes. */
function changeOnePercent(sim: SalesforceSimulator): number {
  let changed = 0;
  const pick = (object: 'Account' | 'Contact' | 'Lead' | 'Opportunity') => {
    const live = sim.org.all(object).filter((r) => r['IsDeleted'] !== true);
    return live.filter((_, i) => i % 100 === 7);
  };
  for (const [i, r] of pick('Contact').entries()) {
    if (i % 10 === 0) sim.org.delete('Contact', r.Id);
    else sim.org.update('Contact', r.Id, { Email: `moved${i}@newdomain${i}.example` });
    changed += 1;
  }
  for (const r of pick('Account')) {
    sim.org.update('Account', r.Id, { Website: `https://www.renamed-${r.Id}.example` });
    changed += 1;
  }
  for (const [i, r] of pick('Lead').entries()) {
    if (i % 5 === 0) sim.org.convertLead(r.Id);
    else sim.org.update('Lead', r.Id, { Company: `Renamed ${i}` });
    changed += 1;
  }
  const users = sim.org.all('User');
  for (const [i, r] of pick('Opportunity').entries()) {
    sim.org.update('Opportunity', r.Id, { OwnerId: users[(i * 7) % users.length]?.Id, StageName: 'Negotiation' });
    changed += 1;
  }
  return changed;
}

export const crmBench: BenchPart = {
  name: 'crmSalesforce',
  description: 'Salesforce connector: full refresh of 100,000 contacts, 20,000 accounts, 50,000 leads, 10,000 opportunities; incremental after 1% changed',
  async run(options) {
    const scale = numberOption(options, 'scale', 1);
    const size = Object.fromEntries(Object.entries(BENCH_DIRECTORY_SIZE).map(([k, v]) => [k, Math.max(1, Math.round(v * scale))])) as typeof BENCH_DIRECTORY_SIZE;
    const temp = await mkdtemp(path.join(os.tmpdir(), 'bench-crm-'));
    const server = process.env['MARIADB_URL'] ? null : await startPrivateMariaDb({ dataDir: temp });
    const url = withDatabase(process.env['MARIADB_URL'] ?? server!.url, `bench_crm_${process.pid}`);
    const sim = await startSalesforceSimulator({ seed: benchCrmDirectory(size), dailyApiRequests: 1_000_000 });
    try {
      const pool = await connectMariaDb(url);
      await migrate(pool);
      await pool.end();
      const caFile = path.join(temp, 'ca.pem');
      await writeFile(caFile, sim.caPem);
      const settings = JSON.stringify({ loginUrl: sim.loginUrl, clientId: sim.app.clientId });
      const proc = spawn(process.execPath, ['--import', 'tsx', child, url, 'salesforce', settings, sim.app.clientSecret, caFile], { stdio: ['pipe', 'pipe', 'inherit'] });
      const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
      const next = async (): Promise<ChildLine> => {
        const line = await lines.next();
        if (line.done) throw new Error('the refresh child ended early');
        return JSON.parse(line.value) as ChildLine;
      };
      const full = await next();
      // Past the full read's cursor second, then 1% of the records change.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const changed = changeOnePercent(sim);
      proc.stdin.write('go\n');
      const incremental = await next();
      proc.stdin.end();
      await new Promise((resolve) => proc.once('exit', resolve));
      if (full.report.outcome !== 'refreshed' || incremental.report.outcome !== 'refreshed') throw new Error(`refresh failed: ${JSON.stringify([full.report.error, incremental.report.error])}`);
      const rows = Object.values(full.counts).reduce((a, b) => a + b, 0);
      return {
        figures: {
          contacts: size.contacts,
          accounts: size.accounts,
          leads: size.leads,
          opportunities: size.opportunities,
          users: size.users,
          fullRefreshSeconds: Number(full.seconds.toFixed(2)),
          fullRefreshRequests: full.report.requests,
          fullRefreshRows: rows,
          incrementalRecordsChanged: changed,
          incrementalRefreshSeconds: Number(incremental.seconds.toFixed(2)),
          incrementalRefreshRequests: incremental.report.requests,
          incrementalRowsWritten: incremental.report.changes.upserted,
          incrementalRowsDeleted: incremental.report.changes.deleted,
          incrementalReassigned: incremental.report.reassigned,
          peakRssMb: Math.round(incremental.peakRssMb),
        },
        rows: [
          { metric: 'fullRefreshSeconds', value: full.seconds, unit: 's', target: { op: '<', value: 120 } },
          { metric: 'incrementalRefreshSeconds', value: incremental.seconds, unit: 's', target: { op: '<', value: 5 } },
          { metric: 'peakRssMb', value: incremental.peakRssMb, unit: 'MB', target: { op: '<', value: 300 } },
          { metric: 'fullRefreshRequests', value: full.report.requests, unit: 'requests' },
          { metric: 'incrementalRefreshRequests', value: incremental.report.requests, unit: 'requests' },
        ],
        notes: [
          `${rows} rows in ${full.seconds.toFixed(1)} s over ${full.report.requests} requests (2,000 records a page, token included); peak RSS is VmHWM of the app process`,
          `${changed} records changed (1%); the incremental read wrote ${incremental.report.changes.upserted} rows (the cursor's second is read again) and removed ${incremental.report.changes.deleted}, ${incremental.report.requests} requests`,
        ],
      };
    } finally {
      await sim.stop();
      await dropDatabase(url).catch(() => undefined);
      await server?.stop();
      await rm(temp, { recursive: true, force: true });
    }
  },
};
