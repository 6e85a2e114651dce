/**
 * Issue 10, point 4 - the load test (`npm run test:load [-- --mailboxes N --cycles C]`; not part
 * of the default test run: several minutes). Three worker processes (sync-child.ts, the app's
 * worker loop) share one private MariaDB and a sandbox tenant at scale 'bench' (lazy mailboxes,
 * few messages each) for several cycles, with faults injected: a seeded fraction of Graph requests
 * throttled (429 + Retry-After) or unavailable (503), and one worker SIGKILLed mid-cycle (a fresh
 * one replaces it). Each later cycle brings new customer mail and mail the rules skip. Prints and
 * writes (test/bench/results/load-latest.json) emails imported, lost, duplicated, skipped mail
 * stored, and per-cycle times. Exits 1 when anything was lost, duplicated or wrongly stored.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RowDataPacket } from 'mysql2/promise';
import { startSandbox } from '@correspondent/m365-sandbox';
import { createRng } from '@correspondent/m365-sandbox/prng.js';
import { normaliseMessageId } from '../../../src-main/rules/pipeline.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { openMailStore } from '../../../src-main/store/open-store.js';
import { startPrivateMariaDb } from '../../../src-main/store/private-mariadb.js';
import { sandboxCredentialsOf } from '../../../src-main/app/tenant-runtime.js';
import { spawnSyncChild, type SyncChild } from '../sync/child-process.js';
import { expectedSightings } from '../sync/ground-truth.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MAILBOXES = arg('mailboxes', 5000);
const MESSAGES = arg('messages', 6);
const CYCLES = arg('cycles', 3);
const CONCURRENCY = arg('concurrency', 8);
const NEW_MAIL_MAILBOXES = Math.min(100, MAILBOXES);
const log = (text: string) => process.stderr.write(`load: ${text}\n`);

const root = await mkdtemp(path.join(tmpdir(), 'correspondent-load-'));
const server = await startPrivateMariaDb({ dataDir: path.join(root, 'data'), extraArgs: ['--innodb-flush-log-at-trx-commit=2', '--max-connections=500'] });
const url = withDatabase(server.url, 'load');
const sandbox = await startSandbox({ seed: 97, scale: 'bench', bench: { mailboxes: MAILBOXES, messagesPerMailbox: MESSAGES, maxMaterialized: 64 } });
const workers: SyncChild[] = [];
let exitCode = 0;
try {
  const opened = await openMailStore({ mariadbUrl: url, mariadbCaFile: null, dataDir: null, searchOutbox: false });
  await opened.store.replaceCrm(sandbox.crm);
  const users = sandbox.users.filter((u) => u.hasMailbox);
  const mailboxes = users.map((u) => u.address.toLowerCase());
  await opened.store.upsertMailboxes(users.map((u) => ({ address: u.address.toLowerCase(), displayName: u.displayName, graphUserId: u.graphId, optedIn: true })));
  await opened.close();
  const pool = await connectMariaDb(url, { connectionLimit: 2 });
  const tenant = sandboxCredentialsOf(sandbox);
  const config = (id: string) => ({ mode: 'worker', instanceId: id, leaseTtlMs: 15_000, pollMs: 500, concurrency: CONCURRENCY, mariadbUrl: url, tenant, settings: { orgDomains: sandbox.orgDomains, ...sandbox.suggestedSettings } });
  sandbox.faults.inject({ kind: 'throttle', retryAfter: 'integer', seconds: 1, fraction: 0.01 });
  sandbox.faults.inject({ kind: 'unavailable', retryAfterSeconds: 1, fraction: 0.01 });
  const syncedAt = new Date();
  const expected = expectedSightings(sandbox, mailboxes, syncedAt);
  const skippedKeys: string[] = [];
  const rng = createRng(7);
  const contact = sandbox.crm.contacts.find((c) => c.accountId !== null);
  if (!contact) throw new Error('the bench tenant lacks CRM contacts');

  /** Resolves when every mailbox has a run that finished at or after `since` (checked as workers print lines). */
  const allRunSince = (since: Date) =>
    new Promise<void>((resolve, reject) => {
      let settled = false;
      let inFlight = false;
      const check = () => {
        if (settled || inFlight) return;
        inFlight = true;
        void pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM sync_mailbox_health WHERE finished_at >= ?', [since]).then(([rows]) => {
          inFlight = false;
          if (!settled && Number(rows[0]?.['n']) >= mailboxes.length) {
            settled = true;
            for (const w of workers) w.process.stdout?.off('data', check);
            resolve();
          }
        }, reject);
      };
      for (const w of workers) w.process.stdout?.on('data', check);
      check();
    });

  const cycles: { cycle: number; seconds: number; workerKilled: boolean; newMail: number }[] = [];
  for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
    let newMail = 0;
    if (cycle > 1) {
      for (let i = 0; i < NEW_MAIL_MAILBOXES; i += 1) {
        const mailbox = mailboxes[rng.int(0, mailboxes.length - 1)] as string;
        const customer = i % 5 !== 0;
        const key = `load-${cycle}-${i}@reliability.test`;
        const at = new Date().toISOString();
        sandbox.addMessage(mailbox, 'inbox', {
          subject: customer ? `Load ${cycle}/${i}` : `Stranger ${cycle}/${i}`,
          from: { emailAddress: { name: 'X', address: customer ? contact.email : `stranger${i}@unrelated-vendor.example` } },
          toRecipients: [{ emailAddress: { address: mailbox } }],
          receivedDateTime: at,
          sentDateTime: at,
          internetMessageId: `<${key}>`,
          body: { contentType: 'text', content: customer ? 'hello' : 'not for the CRM' },
        });
        if (customer) expected.set(key, (expected.get(key) ?? new Set()).add(mailbox));
        else skippedKeys.push(key);
        newMail += 1;
      }
      await pool.query('UPDATE sync_mailbox_health SET next_run_at = UTC_TIMESTAMP(3)'); // every mailbox due now
    }
    const started = new Date(Date.now() - 5); // DATETIME(3) rounding
    while (workers.length < 3) workers.push(spawnSyncChild(config(`load-worker-${workers.length}-${cycle}`)));
    let workerKilled = false;
    if (cycle === 1) {
      const victim = workers[0] as SyncChild;
      await victim.waitFor((line, index) => line.page !== undefined && index >= 100);
      await victim.kill('SIGKILL');
      workers.splice(0, 1, spawnSyncChild(config('load-worker-replacement')));
      workerKilled = true;
      log('cycle 1: killed a worker after 100 pages, started a replacement');
    }
    await allRunSince(started);
    const seconds = (Date.now() - started.getTime()) / 1000;
    cycles.push({ cycle, seconds, workerKilled, newMail });
    log(`cycle ${cycle}: ${seconds.toFixed(1)} s`);
  }
  await Promise.all(workers.map((w) => w.kill('SIGTERM')));

  const [rows] = await pool.query<RowDataPacket[]>('SELECT e.id, e.internet_message_id, s.mailbox FROM emails e LEFT JOIN email_sightings s ON s.email_id = e.id');
  const ids = new Map<string, Set<number>>();
  const sightings = new Map<string, Set<string>>();
  for (const row of rows) {
    const key = normaliseMessageId(String(row['internet_message_id'])) ?? '';
    ids.set(key, (ids.get(key) ?? new Set()).add(Number(row['id'])));
    if (row['mailbox'] !== null) sightings.set(key, (sightings.get(key) ?? new Set()).add(String(row['mailbox'])));
  }
  let lostSightings = 0;
  for (const [key, want] of expected) for (const m of want) if (!sightings.get(key)?.has(m)) lostSightings += 1;
  const [health] = await pool.query<RowDataPacket[]>('SELECT SUM(error_code IS NOT NULL) AS errors, SUM(throttled > 0 OR retries > 0) AS retried FROM sync_mailbox_health');
  const report = {
    ranAt: new Date().toISOString(),
    command: `npm run test:load -- --mailboxes ${MAILBOXES} --messages ${MESSAGES} --cycles ${CYCLES} --concurrency ${CONCURRENCY}`,
    mailboxes: MAILBOXES,
    messagesPerMailbox: MESSAGES,
    workers: 3,
    mailboxesAtOncePerWorker: CONCURRENCY,
    faults: '1% of Graph requests 429 (Retry-After 1 s), 1% 503 (Retry-After 1 s), one worker SIGKILLed in cycle 1',
    emailsExpected: expected.size,
    emailsImported: ids.size,
    lost: [...expected.keys()].filter((k) => !ids.has(k)).length,
    lostSightings,
    duplicated: [...ids.values()].filter((s) => s.size > 1).length,
    skippedStored: skippedKeys.filter((k) => ids.has(k)).length,
    unexpectedStored: [...ids.keys()].filter((k) => !expected.has(k)).length,
    mailboxesFailedLastRun: Number(health[0]?.['errors'] ?? 0),
    mailboxesThrottledOrRetriedLastRun: Number(health[0]?.['retried'] ?? 0),
    cycles,
  };
  console.log(JSON.stringify(report, null, 2));
  await writeFile(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'results', 'load-latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (report.lost || report.lostSightings || report.duplicated || report.skippedStored || report.unexpectedStored) exitCode = 1;
  await pool.end();
} finally {
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
  await sandbox.stop();
  await server.stop();
  await rm(root, { recursive: true, force: true });
}
process.exit(exitCode);
