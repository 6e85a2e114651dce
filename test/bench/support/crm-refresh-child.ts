/**
 * Not a test: the app side of the CRM connector benchmark, in a process of its own so that its
 * peak RSS (VmHWM) is the refresh's alone, not the simulator's. Connects the CRM, runs a full
 * refresh, prints its figures as a JSON line, waits for "go" on stdin (the parent changes 1% of
 * the records meanwhile), runs an incremental refresh and prints that line too.
 * Run by parts/crm-bench.ts; argv: database URL, CRM source, settings JSON, secret, CA file.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createCrmRefreshService } from '../../../src-main/app/crm-refresh-service.js';
import { createAuditLog } from '../../../src-main/audit/audit-log.js';
import { silentLogger } from '../../../src-main/logging/logger.js';
import { createHttpDispatcher } from '../../../src-main/net/http-dispatcher.js';
import { createMemorySecretStore } from '../../../src-main/settings/memory-secret-store.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { MariaDbAuditStore } from '../../../src-main/store/mariadb-audit-store.js';
import { MariaDbMailStore } from '../../../src-main/store/mariadb-mail-store.js';

const [url, source, settingsJson, secret, caFile] = process.argv.slice(2) as [string, 'salesforce', string, string, string];

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

const pool = await connectMariaDb(url, { connectionLimit: 4 });
const store = new MariaDbMailStore(pool);
const vault = createMemorySecretStore();
const service = createCrmRefreshService({
  store: store.crmRefresh,
  vault: () => vault,
  dispatcher: createHttpDispatcher({ extraCaPem: [readFileSync(caFile, 'utf8')] }),
  reloadCrm: async () => undefined,
  audit: createAuditLog({ store: new MariaDbAuditStore(pool), clock: () => new Date() }),
  who: () => ({ actor: 'bench', source: 'cli' }),
  holder: 'bench',
  clock: () => new Date(),
  logger: silentLogger(),
});
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
try {
  await service.connect({ source, settings: JSON.parse(settingsJson) as Record<string, unknown>, secret, test: false });
  for (const kind of ['full', 'incremental'] as const) {
    if (kind === 'incremental') await lines.next();
    const started = process.hrtime.bigint();
    const report = await service.refresh({ full: kind === 'full' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`${JSON.stringify({ kind, seconds, report, peakRssMb: peakRssMb(), counts: await store.crmRefresh.counts() })}\n`);
  }
} finally {
  await store.close();
}
