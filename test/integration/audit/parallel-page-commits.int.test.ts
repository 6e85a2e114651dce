/**
 * Issue 17, point 1: page commits of different mailboxes no longer run one at a time behind the
 * audit lock. Four "workers" (stores with pools of their own) commit pages of eight mailboxes at
 * once, and pages of other mailboxes commit while one page transaction is held open (with the lock
 * around each page they would wait for it). Afterwards every staged decision is in the chain
 * exactly once and the product's verify passes; tampering is still caught; and entries whose
 * post-commit seal could not run are sealed by the next reader, so none is left out.
 */
import { createHash } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStoredLog } from '../../../src-main/audit/audit-verify.js';
import type { ImportDecisionRecord, PageImport } from '../../../src-main/store/mail-store.js';
import { MariaDbAuditStore } from '../../../src-main/store/mariadb-audit-store.js';
import type { MariaDbMailStore } from '../../../src-main/store/mariadb-mail-store.js';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

const WORKERS = 4;
const MAILBOXES_PER_WORKER = 2;
const PAGES = 4;
const IMPORTS_PER_PAGE = 120;
const SKIPS_PER_PAGE = 60;

const fingerprint = (text: string) => createHash('sha256').update(text).digest('hex');

function pageOf(mailbox: string, n: number): ReturnType<typeof page> {
  const imports: PageImport[] = [];
  const decisions: ImportDecisionRecord[] = [];
  for (let i = 0; i < IMPORTS_PER_PAGE; i += 1) {
    const id = `${mailbox}/p${n}/i${i}`;
    imports.push(pageImport(id, capturedEmail({ messageKey: `${id}@customer.example`, bodyText: 'Hello '.repeat(200) })));
    decisions.push({ itemId: id, verdict: 'import', rule: 'crm-contact', folder: 'inbox', fingerprint: fingerprint(id) });
  }
  for (let i = 0; i < SKIPS_PER_PAGE; i += 1) {
    const id = `${mailbox}/p${n}/s${i}`;
    decisions.push({ itemId: id, verdict: 'skip', rule: 'internal-only', folder: 'inbox', fingerprint: fingerprint(id) });
  }
  return page(mailbox, imports, { decisions, nextCursor: `https://graph.example/delta?m=${encodeURIComponent(mailbox)}&page=${n + 1}` });
}

describe('page commits in parallel, one audit chain', () => {
  let h: StoreHarness;
  let workers: MariaDbMailStore[];
  beforeAll(async () => {
    h = await createStoreHarness();
    workers = await h.workerStores(WORKERS);
  });
  afterAll(async () => {
    await h.close();
  });

  const count = async (sql: string, params: unknown[] = []) => {
    const [[row]] = await h.pool.query<RowDataPacket[]>(sql, params);
    return Number(row?.['n'] ?? 0);
  };

  it('commits pages of eight mailboxes from four workers at once, then seals every decision into the chain exactly once', async () => {
    await Promise.all(
      workers.flatMap((worker, w) =>
        Array.from({ length: MAILBOXES_PER_WORKER }, async (_, m) => {
          const mailbox = `user${w}-${m}@ours.example`;
          for (let n = 0; n < PAGES; n += 1) await worker.commitPage(pageOf(mailbox, n));
        }),
      ),
    );

    const store = new MariaDbAuditStore(h.pool);
    const result = await verifyStoredLog(store); // seals what is left first
    const total = WORKERS * MAILBOXES_PER_WORKER * PAGES * (IMPORTS_PER_PAGE + SKIPS_PER_PAGE);
    expect(await count('SELECT COUNT(*) AS n FROM audit_pending')).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import.decision'")).toBe(total);
    expect(await count("SELECT COUNT(DISTINCT JSON_UNQUOTE(JSON_EXTRACT(payload_json, '$.fingerprint'))) AS n FROM audit_log WHERE action = 'import.decision'")).toBe(total);
    expect(result).toMatchObject({ ok: true, entries: total, anchor: 'genesis' });
    // Each mailbox's decisions are all there (no page's entries lost between staging and sealing).
    for (let w = 0; w < WORKERS; w += 1) {
      for (let m = 0; m < MAILBOXES_PER_WORKER; m += 1) {
        const n = await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import.decision' AND JSON_UNQUOTE(JSON_EXTRACT(payload_json, '$.mailbox')) = ?", [`user${w}-${m}@ours.example`]);
        expect(n).toBe(PAGES * (IMPORTS_PER_PAGE + SKIPS_PER_PAGE));
      }
    }
  });

  it('commits pages of other mailboxes while one page transaction is open and waiting, none holding the audit lock', async () => {
    const slow = 'slow@ours.example';
    // Every mailbox's cursor row exists now: the upserts below update rows rather than insert into
    // the gap next to the held row (a new key there would wait on that gap, whatever the audit does).
    await h.store.commitPage(pageOf(slow, 0));
    for (const [w, worker] of workers.entries()) await worker.commitPage(pageOf(`other${w}@ours.example`, 0));
    // Another session locks that cursor row: the slow mailbox's next page transaction writes its
    // emails, sightings and decisions, then waits at its cursor, open.
    const blocker = await h.pool.getConnection();
    await blocker.beginTransaction();
    await blocker.query('SELECT cursor_url FROM folder_cursors WHERE mailbox = ? FOR UPDATE', [slow]);
    const waiting = h.store.commitPage(pageOf(slow, 1));
    try {
      // The slow page's statement waiting at its cursor (the processlist: InnoDB's transaction
      // table is a cache that may not list it yet).
      const slowWaiting = async () =>
        (await count("SELECT COUNT(*) AS n FROM information_schema.processlist WHERE info LIKE 'INSERT INTO folder_cursors%' AND info LIKE ?", [`%${slow}%`])) === 1;
      let lockWait = false;
      for (let i = 0; i < 200 && !lockWait; i += 1) {
        lockWait = await slowWaiting();
        if (!lockWait) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(lockWait).toBe(true);
      // The open page transaction does not hold the audit lock, so pages of other mailboxes commit
      // meanwhile (with the lock held around each page, each of these would wait for it: 60 s).
      let committedMeanwhile = 0;
      for (const [w, worker] of workers.entries()) {
        const done = worker.commitPage(pageOf(`other${w}@ours.example`, 1)).then(() => true);
        const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000));
        if (await Promise.race([done, timedOut])) committedMeanwhile += 1;
      }
      expect(await slowWaiting()).toBe(true);
      expect(committedMeanwhile).toBe(WORKERS);
      console.info(`parallel page commits: ${committedMeanwhile} page transactions of other mailboxes committed while one stayed open`);
    } finally {
      await blocker.rollback();
      blocker.release();
    }
    await waiting;
    const result = await verifyStoredLog(new MariaDbAuditStore(h.pool));
    expect(result.ok).toBe(true);
    for (const mailbox of [slow, ...workers.map((_, w) => `other${w}@ours.example`)]) {
      const n = await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import.decision' AND JSON_UNQUOTE(JSON_EXTRACT(payload_json, '$.mailbox')) = ?", [mailbox]);
      expect(n).toBe(2 * (IMPORTS_PER_PAGE + SKIPS_PER_PAGE));
    }
  });

  it('keeps entries whose post-commit seal could not run, and the next reader seals them', async () => {
    const before = await count('SELECT COUNT(*) AS n FROM audit_log');
    // Another session holds the audit lock and dies without sealing (a worker killed mid-seal).
    const holder = await h.pool.getConnection();
    const [[got]] = await holder.query<RowDataPacket[]>("SELECT GET_LOCK(CONCAT('correspondent.audit.', DATABASE()), 0) AS ok");
    expect(Number(got?.['ok'])).toBe(1);
    await h.store.commitPage(pageOf('late@ours.example', 0));
    const staged = IMPORTS_PER_PAGE + SKIPS_PER_PAGE;
    expect(await count('SELECT COUNT(*) AS n FROM audit_pending')).toBe(staged);
    expect(await count('SELECT COUNT(*) AS n FROM audit_log')).toBe(before);
    holder.destroy();

    const result = await verifyStoredLog(new MariaDbAuditStore(h.pool));
    expect(result).toMatchObject({ ok: true, entries: before + staged });
    expect(await count('SELECT COUNT(*) AS n FROM audit_pending')).toBe(0);
  });

  it('still fails verification when a sealed entry is changed', async () => {
    const [[row]] = await h.pool.query<RowDataPacket[]>("SELECT seq FROM audit_log WHERE action = 'import.decision' ORDER BY seq LIMIT 1 OFFSET 100");
    const seq = Number(row?.['seq']);
    await h.pool.query("UPDATE audit_log SET payload_json = JSON_SET(payload_json, '$.verdict', 'import', '$.rule', 'crm-contact', '$.folder', 'elsewhere') WHERE seq = ?", [seq]);
    const result = await verifyStoredLog(new MariaDbAuditStore(h.pool));
    expect(result.ok).toBe(false);
    expect(result.firstBreak?.seq).toBe(seq);
  });
});
