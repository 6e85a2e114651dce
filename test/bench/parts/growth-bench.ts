/**
 * Growth (issue 17 point 5): how the store's and the cycle's cost grows with the database. A
 * private MariaDB (its default configuration, as the product starts it) is filled with
 * support/growth-data.ts's tenant to `--base` stored emails (default 200,000), measured, filled on
 * to 10x that (default 2,000,000), measured again. The fill is SQL (INSERT ... SELECT over the
 * SEQUENCE engine) whose rows are first checked identical to the same emails committed through
 * the real page commit; the audit entries it stages are chained by the product's seal.
 * At each size, with the product's code:
 * - store: pages of 100 imports committed through MariaDbMailStore.commitPage (search outbox on):
 *   per page 70 new emails threaded among themselves, 10 replying to random stored threads, 20
 *   already stored from a colleague's mailbox (dedup hits), and 100 new skip decisions;
 * - cycle: one steady-state cycle of the sync service over the 200 mailboxes (4 folders each; an
 *   Inbox page of 5 new messages: 3 imports, 1 dedup hit, 1 skip), Graph an in-process stub;
 * - late match: a job recorded for a CRM change (its progress rows from the folder cursors), every
 *   mailbox's pending-jobs read and its finish, and re-read pages of already decided mail;
 * - every statement the store ran in those, with its time, and its ANALYZE FORMAT=JSON at each size.
 * Options: --base (200000), --factor (10), --pages (200).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { dropDatabase } from '../../../src-main/store/admin.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { MariaDbMailStore } from '../../../src-main/store/mariadb-mail-store.js';
import { MariaDbAuditStore } from '../../../src-main/store/mariadb-audit-store.js';
import { migrate } from '../../../src-main/store/migrations/migrate.js';
import { startPrivateMariaDb } from '../../../src-main/store/private-mariadb.js';
import { loadCrmDirectory } from '../../../src-main/app/crm-directory.js';
import { NO_EXCLUSIONS } from '../../../src-main/app/exclusion-directory.js';
import { createEventHub } from '../../../src-main/app/event-hub.js';
import { createSyncService } from '../../../src-main/app/sync-service.js';
import { createAuditLog } from '../../../src-main/audit/audit-log.js';
import { silentLogger } from '../../../src-main/logging/logger.js';
import { settingsSchema } from '../../../src-shared/settings.js';
import type { CommitPageInput, PageImport } from '../../../src-main/store/mail-store.js';
import { numberOption, type BenchPart, type Figure } from '../bench-types.js';
import {
  MAILBOXES,
  compareShapes,
  fillHistory,
  fillRange,
  firstMailbox,
  folderIdOf,
  graphIdOf,
  growthEmail,
  importDecision,
  mailboxOf,
  realPages,
  rootOf,
  rowShapes,
  setUpTenant,
  skipDecision,
} from '../support/growth-data.js';
import { recordStatements, stubGraph, type StatementCost } from '../support/growth-cycle.js';

const CHECK_EMAILS = 600;

type Size = {
  storedEmails: number;
  storeEmailsPerSecond: number;
  storeSeconds: number;
  cycleSeconds: number;
  cycleRead: number;
  cycleImported: number;
  lateMatchMs: number;
  lateMatch: { jobMs: number; pendingMs: number; finishMs: number; rereadPageMs: number; pendingWithoutIndexMs: number };
  statements: Map<string, StatementCost>;
  plans: Map<string, PlanSummary>;
  tableRows: Record<string, number>;
};

type PlanSummary = { tables: { table: string; access: string; key: string | null; rows: number | null }[]; examined: number };

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function openStore(url: string): Promise<{ pool: Pool; store: MariaDbMailStore; audit: MariaDbAuditStore }> {
  const pool = await connectMariaDb(url, { connectionLimit: 10 });
  await migrate(pool);
  return { pool, store: new MariaDbMailStore(pool, { searchOutbox: true }), audit: new MariaDbAuditStore(pool) };
}

/** The fill writes what the page commit writes: the same emails both ways, compared table by table. */
async function checkFillShape(serverUrl: string): Promise<void> {
  const realUrl = withDatabase(serverUrl, `bench_growth_real_${process.pid}`);
  const fillUrl = withDatabase(serverUrl, `bench_growth_fill_${process.pid}`);
  const real = await openStore(realUrl);
  const filled = await openStore(fillUrl);
  try {
    await setUpTenant(real.store);
    await setUpTenant(filled.store);
    for (const page of realPages(1, CHECK_EMAILS)) await real.store.commitPage(page);
    await real.audit.sealPending();
    await fillRange(filled.pool, 1, CHECK_EMAILS);
    const problems = compareShapes(await rowShapes(real.pool), await rowShapes(filled.pool));
    if (problems.length > 0) throw new Error(`growth: the fill does not write what the page commit writes:\n${problems.join('\n')}`);
  } finally {
    await real.store.close();
    await filled.store.close();
    await dropDatabase(realUrl);
    await dropDatabase(fillUrl);
  }
}

/** Pages of new mail for the store measurement (see the header); `tag` keeps each size's emails apart. */
function storePages(stored: number, pages: number, tag: number, random: () => number): CommitPageInput[] {
  const out: CommitPageInput[] = [];
  let previous: { i: number; mailbox: string }[] = Array.from({ length: 20 }, (_, k) => ({ i: stored - k, mailbox: firstMailbox(stored - k) }));
  for (let p = 0; p < pages; p++) {
    const mailbox = mailboxOf(p % MAILBOXES);
    const first = 10_000_000 * tag + p * 100;
    const created = Array.from({ length: 80 }, (_, k) => first + k + 1);
    const imports: PageImport[] = created.map((i, k) => (k < 10 ? growthEmail(i, { mailbox, root: rootOf(1 + Math.floor(random() * stored)) }) : growthEmail(i, { mailbox, root: rootOf(i - first) + first })));
    const hits = previous.slice(0, 20).map(({ i, mailbox: owner }) => ({ ...growthEmail(i, { mailbox: owner }), graphId: graphIdOf(mailbox, i) }));
    const decisions = [
      ...created.map((i) => importDecision(i, mailbox, 'inbox')),
      ...previous.slice(0, 20).map(({ i }) => importDecision(i, mailbox, 'inbox')),
      ...created.concat(created.slice(0, 20).map((i) => i + 50)).map((i) => skipDecision(i + 5_000_000, mailbox)),
    ];
    out.push({ mailbox, folderId: folderIdOf(mailbox, 'inbox'), imports: [...imports, ...hits], decisions, nextCursor: `growth-${tag}-${p}`, roundComplete: false, cursorKey: `growth~${tag}` });
    previous = created.slice(10, 30).map((i) => ({ i, mailbox }));
  }
  return out;
}

function planOf(json: unknown): PlanSummary {
  const tables: PlanSummary['tables'] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const table = record['table'] as Record<string, unknown> | undefined;
      if (table && typeof table === 'object' && typeof table['table_name'] === 'string') {
        const rows = typeof table['r_rows'] === 'number' ? (table['r_rows'] as number) * Number(table['r_loops'] ?? 1) : typeof table['rows'] === 'number' ? (table['rows'] as number) : null;
        tables.push({ table: table['table_name'] as string, access: String(table['access_type'] ?? ''), key: typeof table['key'] === 'string' ? (table['key'] as string) : null, rows });
      }
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(json);
  return { tables, examined: tables.reduce((sum, t) => sum + (t.rows ?? 0), 0) };
}

/** ANALYZE FORMAT=JSON of each SELECT the store ran (locking clauses dropped), EXPLAIN of the rest. */
async function plans(pool: Pool, statements: Map<string, StatementCost>): Promise<Map<string, PlanSummary>> {
  const out = new Map<string, PlanSummary>();
  for (const [key, cost] of statements) {
    if (!/^(SELECT|UPDATE|DELETE|INSERT [^]*SELECT)/i.test(key) || /GET_LOCK|RELEASE_LOCK|DATABASE\(\)/i.test(key)) continue;
    const select = /^SELECT/i.test(key);
    let sql = pool.format(cost.sql, cost.params as unknown[]);
    if (select) sql = sql.replace(/\s+(FOR UPDATE( SKIP LOCKED)?|LOCK IN SHARE MODE)\s*$/i, '');
    try {
      const [rows] = await pool.query<RowDataPacket[]>(`${select ? 'ANALYZE' : 'EXPLAIN'} FORMAT=JSON ${sql}`);
      const text = String(Object.values(rows[0] ?? {})[0] ?? '{}');
      out.set(key, planOf(JSON.parse(text)));
    } catch {
      // a statement EXPLAIN cannot take (e.g. a multi-row INSERT); its time is still recorded
    }
  }
  return out;
}

async function tableRows(pool: Pool): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['emails', 'email_participants', 'email_sightings', 'email_accounts', 'email_contacts', 'skip_decisions', 'audit_log', 'search_outbox', 'folder_cursors', 'late_match_progress', 'sync_cycles']) {
    const [[row]] = await pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${table}`);
    out[table] = Number(row?.['n'] ?? 0);
  }
  return out;
}

async function measure(pool: Pool, store: MariaDbMailStore, audit: MariaDbAuditStore, stored: number, tag: number, pageCount: number, log: (line: string) => void): Promise<Size> {
  const random = seededRandom(17 + tag);
  await pool.query('ANALYZE TABLE emails, email_participants, email_sightings, skip_decisions, folder_cursors, late_match_progress, audit_log');
  const recorder = recordStatements(pool);
  recorder.start();

  // (a) store throughput through the real page commit.
  const pages = storePages(stored, pageCount, tag, random);
  let imports = 0;
  const storeStarted = process.hrtime.bigint();
  for (const page of pages) {
    await store.commitPage(page);
    imports += page.imports.length;
  }
  const storeSeconds = Number(process.hrtime.bigint() - storeStarted) / 1e9;
  log(`store: ${imports} imports in ${storeSeconds.toFixed(1)} s`);

  // (b) one steady-state cycle of the product's sync service, Graph stubbed.
  const logger = silentLogger();
  const crm = await loadCrmDirectory(store, logger);
  const graph = stubGraph(() => stored, tag, random);
  const sync = await createSyncService({
    store,
    crm,
    exclusions: NO_EXCLUSIONS,
    reader: () => graph,
    settings: () => settingsSchema.parse({ orgDomains: ['contoso.example'] }),
    events: createEventHub(),
    logger,
    now: () => new Date(),
    who: () => ({ actor: 'bench', source: 'cli' }),
    instanceId: `growth-${tag}`,
    audit: createAuditLog({ store: audit, clock: () => new Date() }),
  });
  const cycleStarted = process.hrtime.bigint();
  const summary = await sync.syncNow();
  const cycleSeconds = Number(process.hrtime.bigint() - cycleStarted) / 1e9;
  if (summary.failed.length > 0) throw new Error(`growth: the cycle failed for ${summary.failed.length} mailboxes: ${summary.failed[0]?.reason ?? ''}`);
  log(`cycle: ${summary.mailboxes} mailboxes, ${summary.read} read, ${summary.imported} imported in ${cycleSeconds.toFixed(1)} s`);

  // (c) late match: a job, every mailbox's pending read and finish, re-read pages of decided mail.
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const started = process.hrtime.bigint();
    const value = await work();
    return [value, Number(process.hrtime.bigint() - started) / 1e6];
  };
  const [jobId, jobMs] = await timed(() => store.syncState.addLateMatchJob(1_000_000 + tag, { domains: [`growth${tag}.example`], addresses: [] }));
  if (jobId === null) throw new Error('growth: the late-match job was not recorded');
  const mailboxes = Array.from({ length: MAILBOXES }, (_, k) => mailboxOf(k));
  const [, pendingMs] = await timed(async () => {
    for (const mailbox of mailboxes) await store.syncState.pendingLateMatchJobs(mailbox);
  });
  // The same read as the schema before migration 014 allowed it (the pending-jobs index ignored), for the before/after figure.
  const [, pendingWithoutIndexMs] = await timed(async () => {
    for (const mailbox of mailboxes) {
      await pool.query(
        `SELECT j.id, j.keys_json FROM late_match_progress p IGNORE INDEX (late_match_progress_pending) JOIN late_match_jobs j ON j.id = p.job_id
         WHERE p.mailbox = ? AND p.done_at IS NULL ORDER BY j.id`,
        [mailbox],
      );
    }
  });
  const rereads = 20;
  const [, rereadMs] = await timed(async () => {
    for (let n = 0; n < rereads; n++) {
      const k = n * 7;
      const mailbox = mailboxOf(k);
      const ids = Array.from({ length: 50 }, () => k + MAILBOXES * Math.floor(random() * (stored / MAILBOXES - 1))).filter((i) => i >= 1);
      await store.commitPage({
        mailbox,
        folderId: folderIdOf(mailbox, 'inbox'),
        imports: ids.map((i) => growthEmail(i)),
        decisions: [...ids.map((i) => importDecision(i, mailbox, 'inbox')), ...ids.map((i) => skipDecision(i))],
        nextCursor: `late-${jobId}-${n}`,
        roundComplete: false,
        cursorKey: `${folderIdOf(mailbox, 'inbox')}~late~${jobId}`,
      });
    }
  });
  const [, finishMs] = await timed(async () => {
    for (const mailbox of mailboxes) await store.syncState.finishLateMatchJob(jobId, mailbox);
  });
  const statements = recorder.stop();
  log(`late match: job ${jobMs.toFixed(0)} ms, pending reads ${pendingMs.toFixed(0)} ms, finishes ${finishMs.toFixed(0)} ms, re-read pages ${(rereadMs / rereads).toFixed(0)} ms each`);
  return {
    storedEmails: stored,
    storeEmailsPerSecond: imports / storeSeconds,
    storeSeconds,
    cycleSeconds,
    cycleRead: summary.read,
    cycleImported: summary.imported,
    lateMatchMs: jobMs + pendingMs + finishMs,
    lateMatch: { jobMs, pendingMs, finishMs, rereadPageMs: rereadMs / rereads, pendingWithoutIndexMs },
    statements,
    plans: await plans(pool, statements),
    tableRows: await tableRows(pool),
  };
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Statements whose time per call or rows examined grew more than 2x between the sizes (the sizes differ 10x). */
function growingStatements(base: Size, big: Size): Figure[] {
  const out: Figure[] = [];
  for (const [key, cost] of big.statements) {
    const before = base.statements.get(key);
    if (!before) continue;
    const msBefore = before.ms / before.calls;
    const msAfter = cost.ms / cost.calls;
    const planBefore = base.plans.get(key);
    const planAfter = big.plans.get(key);
    const rowsRatio = planBefore && planAfter && planBefore.examined > 0 ? planAfter.examined / planBefore.examined : null;
    if (msAfter / Math.max(msBefore, 1e-3) < 2 && (rowsRatio === null || rowsRatio < 2)) continue;
    out.push({
      sql: key.slice(0, 160),
      calls: cost.calls,
      msPerCallBase: round(msBefore, 3),
      msPerCall10x: round(msAfter, 3),
      rowsExaminedBase: planBefore?.examined ?? null,
      rowsExamined10x: planAfter?.examined ?? null,
      access10x: planAfter ? planAfter.tables.map((t) => `${t.table}:${t.access}${t.key ? `(${t.key})` : ''}`).join(' ') : null,
    });
  }
  return out.sort((a, b) => Number((b as { msPerCall10x: number }).msPerCall10x) - Number((a as { msPerCall10x: number }).msPerCall10x));
}

function topStatements(size: Size, count: number): Figure[] {
  return [...size.statements.entries()]
    .sort(([, a], [, b]) => b.ms - a.ms)
    .slice(0, count)
    .map(([key, cost]) => ({ sql: key.slice(0, 160), calls: cost.calls, ms: round(cost.ms, 1), rowsExamined: size.plans.get(key)?.examined ?? null }));
}

export const growthBench: BenchPart = {
  name: 'growth',
  description: 'store throughput, one steady-state cycle and the late-match queries at a base size and at 10x (2,000,000 stored emails)',
  async run(options) {
    const base = numberOption(options, 'base', 200_000);
    const factor = numberOption(options, 'factor', 10);
    const pageCount = numberOption(options, 'pages', 200);
    const log = (line: string) => console.error(`  growth: ${line}`);
    const temp = await mkdtemp(path.join(os.tmpdir(), 'bench-growth-'));
    // Its temporary tables in our folder, not in /tmp (where a cleaner removed one mid-statement here).
    await mkdir(path.join(temp, 'tmp'));
    const server = process.env.MARIADB_URL ? null : await startPrivateMariaDb({ dataDir: path.join(temp, 'data'), extraArgs: [`--tmpdir=${path.join(temp, 'tmp')}`] });
    const serverUrl = process.env.MARIADB_URL ?? server!.url;
    const url = withDatabase(serverUrl, `bench_growth_${process.pid}`);
    try {
      await checkFillShape(serverUrl);
      log(`the fill's rows match the page commit's (${CHECK_EMAILS} emails, every table)`);
      const { pool, store, audit } = await openStore(url);
      try {
        await setUpTenant(store);
        const fillStarted = Date.now();
        await fillRange(pool, 1, base, log);
        await fillHistory(pool, store, base);
        const fillBaseSeconds = (Date.now() - fillStarted) / 1000;
        const small = await measure(pool, store, audit, base, 1, pageCount, log);
        const fill10xStarted = Date.now();
        await fillRange(pool, base + 1, base * factor, log);
        await fillHistory(pool, store, base * factor);
        const fill10xSeconds = (Date.now() - fill10xStarted) / 1000;
        const big = await measure(pool, store, audit, base * factor, 2, pageCount, log);
        const [[version]] = await pool.query<RowDataPacket[]>('SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool');
        const growing = growingStatements(small, big);
        const figures: Record<string, Figure> = {
          storedEmailsBase: small.storedEmails,
          storedEmails10x: big.storedEmails,
          storeEmailsPerSecondBase: Math.round(small.storeEmailsPerSecond),
          storeEmailsPerSecond10x: Math.round(big.storeEmailsPerSecond),
          storeThroughputRatio: round(big.storeEmailsPerSecond / small.storeEmailsPerSecond),
          cycleSecondsBase: round(small.cycleSeconds),
          cycleSeconds10x: round(big.cycleSeconds),
          cycleTimeRatio: round(big.cycleSeconds / small.cycleSeconds),
          cycleMailboxes: MAILBOXES,
          cycleReadBase: small.cycleRead,
          cycleRead10x: big.cycleRead,
          lateMatchMsBase: round(small.lateMatchMs, 1),
          lateMatchMs10x: round(big.lateMatchMs, 1),
          lateMatchTimeRatio: round(big.lateMatchMs / small.lateMatchMs),
          lateMatchPartsBase: Object.fromEntries(Object.entries(small.lateMatch).map(([k, v]) => [k, round(v, 1)])),
          lateMatchParts10x: Object.fromEntries(Object.entries(big.lateMatch).map(([k, v]) => [k, round(v, 1)])),
          pagesCommitted: pageCount,
          pageShape: '100 imports (70 new threaded among themselves, 10 replying to random stored threads, 20 dedup hits from a colleague) + 100 new skips, search outbox on',
          cycleIncludes:
            "createSyncService.syncNow() over every mailbox: listMailboxes, CRM and late-match baseline checks, lease claim/heartbeat/release, per folder cursor/round/pending-jobs reads, the page commit, health and state writes, the cycle's history row and audit entry (sealed); Graph is an in-process stub (no HTTP)",
          lateMatchIncludes: 'addLateMatchJob (job + progress rows from folder_cursors) + pendingLateMatchJobs and finishLateMatchJob for every mailbox; rereadPageMs (a listing page of 50 stored imports and 50 skips re-reported) and pendingWithoutIndexMs (the pending reads with migration 014\'s index ignored: the plan before it) are reported apart',
          fillSecondsBase: Math.round(fillBaseSeconds),
          fillSeconds10x: Math.round(fill10xSeconds),
          tableRowsBase: small.tableRows,
          tableRows10x: big.tableRows,
          growingStatements: growing,
          topStatementsBase: topStatements(small, 12),
          topStatements10x: topStatements(big, 12),
          mariadb: `${String(version?.['v'] ?? '')}, innodb_buffer_pool_size ${Math.round(Number(version?.['pool'] ?? 0) / 2 ** 20)} MB`,
        };
        return {
          figures,
          rows: [
            { metric: 'storeEmailsPerSecondBase', value: small.storeEmailsPerSecond, unit: 'emails/s' },
            { metric: 'storeEmailsPerSecond10x', value: big.storeEmailsPerSecond, unit: 'emails/s' },
            { metric: 'cycleSecondsBase', value: small.cycleSeconds, unit: 's' },
            { metric: 'cycleSeconds10x', value: big.cycleSeconds, unit: 's' },
            { metric: 'lateMatchMsBase', value: small.lateMatchMs, unit: 'ms' },
            { metric: 'lateMatchMs10x', value: big.lateMatchMs, unit: 'ms' },
          ],
          notes: [
            `${small.storedEmails} / ${big.storedEmails} stored emails; fill ${Math.round(fillBaseSeconds)} s / ${Math.round(fill10xSeconds)} s`,
            ...growing.map((g) => `grows: ${JSON.stringify(g)}`),
          ],
        };
      } finally {
        await store.close();
      }
    } finally {
      await dropDatabase(url).catch(() => undefined);
      await server?.stop();
      await rm(temp, { recursive: true, force: true });
    }
  },
};
