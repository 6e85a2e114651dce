/**
 * Long reply chains across mailboxes whose pages commit in parallel (the fleet bench's deadlock):
 * colleagues in one thread, their mailboxes synced at once by different workers. Four workers
 * (stores with pools of their own) commit the pages of eight mailboxes through the product's page
 * commit, every mailbox's pages one after another as its sync does, all mailboxes at once. The
 * pages hold segments of long chains: the first email of a segment answers the last email of a
 * segment another mailbox commits at the same moment, so replies are stored before the message
 * they answer and after it; half the mailboxes read newest first (as Graph's first round does).
 * Some emails are in two mailboxes (a colleague in copy).
 *
 * Ground truth is computed here from the generated parents alone (not with thread-key.ts): every
 * email's thread is the root of its reply chain. Afterwards every page has committed, every
 * message is stored once, and every stored email's thread_key is that root.
 *
 * Then the settle step after the commits (store/thread-settle.ts): pages commit when it cannot run
 * (a worker killed after its commit), and a later commit or the cycle end settles them; a thousand
 * waiters move a few rows per transaction, keys that are not ASCII unchanged.
 */
import { createHash } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitPageInput, ImportDecisionRecord, PageImport } from '../../../src-main/store/mail-store.js';
import type { MariaDbMailStore } from '../../../src-main/store/mariadb-mail-store.js';
import { settlePendingThreads } from '../../../src-main/store/thread-settle.js';
import { emptyCycleSummary } from '../../../src-shared/domain.js';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

const WORKERS = 4;
const MAILBOXES = 8; // two per worker
const PAGES = 10; // per mailbox
const CHAINS = 4; // each page holds one segment of every chain
const SEGMENT = 25; // emails per segment: 100 per page
const SEGMENTS_PER_CHAIN = MAILBOXES * PAGES;
const CHAIN_LENGTH = SEGMENTS_PER_CHAIN * SEGMENT; // 2,000
const NEW_THREAD_EVERY = 1000; // a chain position that starts a new thread (no parent)
const COPIED_EVERY = 10; // every 10th email is also in the next mailbox (a colleague in copy)

type Generated = { key: string; parent: string | null; item: (mailbox: string) => PageImport };

const keyOf = (chain: number, position: number) => `c${chain}-${position}@thread.example`;
const mailboxName = (m: number) => `colleague${m}@ours.example`;

/** Parent position of a chain position: mostly the previous email, sometimes the one before (a branch). */
function parentPosition(position: number): number | null {
  if (position % NEW_THREAD_EVERY === 0) return null;
  if (position % 7 === 3 && position % NEW_THREAD_EVERY >= 2) return position - 2;
  return position - 1;
}

/** Up to `n` ancestors of a position, nearest last (as a References header lists them). */
function ancestors(position: number, n: number): number[] {
  const out: number[] = [];
  for (let p = parentPosition(position); p !== null && out.length < n; p = parentPosition(p)) out.unshift(p);
  return out;
}

/** The headers vary as real clients do: In-Reply-To only, References of the parent, truncated References, the root first. */
function generate(chain: number, position: number): Generated {
  const key = keyOf(chain, position);
  const parent = parentPosition(position);
  let inReplyTo: string | null = null;
  let references: string[] = [];
  if (parent !== null) {
    const id = (p: number) => `<${keyOf(chain, p)}>`;
    inReplyTo = id(parent);
    switch (position % 5) {
      case 0:
        break; // In-Reply-To only
      case 1:
        references = [id(parent)];
        break;
      case 2:
        references = ancestors(position, 3).map(id); // truncated: starts three up, not at the root
        break;
      case 3:
        inReplyTo = `< ${keyOf(chain, parent).toUpperCase()} >`; // Message-IDs compare case-insensitively
        break;
      default: {
        const all = ancestors(position, Number.MAX_SAFE_INTEGER);
        references = [id(all[0] as number), id(parent)]; // root first, as RFC 5322 asks
      }
    }
  }
  const sentAt = new Date(Date.UTC(2026, 0, 1) + (chain * CHAIN_LENGTH + position) * 60_000).toISOString();
  return {
    key,
    parent: parent === null ? null : keyOf(chain, parent),
    item: (mailbox) => pageImport(`${mailbox}/${key}`, capturedEmail({ messageKey: key, inReplyTo, references, sentAt, subject: `RE: renewal ${chain}` })),
  };
}

/** A small deterministic PRNG (mulberry32), so every run commits the same pages in the same order. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fingerprint = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Chain c's segment s goes to mailbox (s + 3c) mod 8, as that mailbox's page floor(s / 8): a page
 * holds one segment of each chain, and the segment before and after each of them is in another
 * mailbox's page of the same rank, committed at the same time. Even mailboxes commit their pages
 * oldest first, odd ones newest first.
 */
function buildPages(): { pages: CommitPageInput[][]; emails: Map<string, Generated>; sightings: number } {
  const emails = new Map<string, Generated>();
  const content: Generated[][][] = Array.from({ length: MAILBOXES }, () => Array.from({ length: PAGES }, () => []));
  for (let c = 0; c < CHAINS; c += 1) {
    for (let s = 0; s < SEGMENTS_PER_CHAIN; s += 1) {
      const m = (s + 3 * c) % MAILBOXES;
      const rank = Math.floor(s / MAILBOXES);
      for (let i = 0; i < SEGMENT; i += 1) {
        const email = generate(c, s * SEGMENT + i);
        emails.set(email.key, email);
        content[m]?.[rank]?.push(email);
      }
    }
  }
  const random = prng(17);
  let sightings = 0;
  const pages = content.map((ranks, m) => {
    const mailbox = mailboxName(m);
    const built = ranks.map((members, rank) => {
      const copied = (content[(m + MAILBOXES - 1) % MAILBOXES]?.[rank] ?? []).filter((e) => Number(e.key.split('-')[1]?.split('@')[0]) % COPIED_EVERY === 0);
      const all = [...members, ...copied];
      for (let i = all.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [all[i], all[j]] = [all[j] as Generated, all[i] as Generated];
      }
      sightings += all.length;
      const imports = all.map((e) => e.item(mailbox));
      const decisions: ImportDecisionRecord[] = imports.map((item) => ({ itemId: item.graphId, verdict: 'import', rule: 'crm-contact', folder: 'inbox', fingerprint: fingerprint(item.graphId) }));
      return page(mailbox, imports, { decisions, nextCursor: `https://graph.example/delta?m=${m}&page=${rank + 1}` });
    });
    return m % 2 === 0 ? built : built.reverse();
  });
  return { pages, emails, sightings };
}

/** The root of each email's reply chain, from the generated parents. */
function expectedThreads(emails: ReadonlyMap<string, Generated>): Map<string, string> {
  const roots = new Map<string, string>();
  for (const key of emails.keys()) {
    let at = key;
    for (let parent = emails.get(at)?.parent ?? null; parent !== null; parent = emails.get(at)?.parent ?? null) at = parent;
    roots.set(key, at);
  }
  return roots;
}

describe('page commits in parallel, long threads across the mailboxes', () => {
  let h: StoreHarness;
  let workers: MariaDbMailStore[];
  beforeAll(async () => {
    h = await createStoreHarness();
    workers = await h.workerStores(WORKERS);
  });
  afterAll(async () => {
    await h.close();
  });

  const count = async (sql: string) => {
    const [[row]] = await h.pool.query<RowDataPacket[]>(sql);
    return Number(row?.['n'] ?? 0);
  };
  const deadlocks = async () => {
    const [[row]] = await h.pool.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'");
    return Number(row?.['Value'] ?? 0);
  };
  /** Every stored email's thread_key is its expected root, and every expected email is stored. */
  async function expectThreads(expected: ReadonlyMap<string, string>, prefix = ''): Promise<void> {
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT message_key, thread_key FROM emails WHERE message_key LIKE ?', [`${prefix}%`]);
    const wrong = rows
      .filter((row) => row['thread_key'] !== expected.get(String(row['message_key'])))
      .map((row) => `${String(row['message_key'])}: ${String(row['thread_key'])}, expected ${expected.get(String(row['message_key'])) ?? 'none'}`);
    expect(wrong.length, wrong.slice(0, 10).join('\n')).toBe(0);
    expect(rows).toHaveLength(expected.size);
  }

  it('commits every page of eight mailboxes from four workers at once and settles every thread at its root', async () => {
    const { pages, emails, sightings } = buildPages();
    const deadlocksBefore = await deadlocks();
    const failures: string[] = [];
    let committed = 0;
    const started = Date.now();
    await Promise.all(
      pages.map(async (mailboxPages, m) => {
        const worker = workers[m % WORKERS] as MariaDbMailStore;
        for (const input of mailboxPages) {
          try {
            await worker.commitPage(input);
            committed += 1;
          } catch (error) {
            failures.push(`${input.mailbox} ${input.nextCursor}: ${(error as { code?: string }).code ?? ''} ${(error as Error).message}`);
          }
        }
      }),
    );
    console.info(
      `parallel thread commits: ${committed} pages, ${emails.size} emails in ${Date.now() - started} ms; failed: ${failures.length}; ` +
        `InnoDB deadlocks meanwhile (retried or not): ${(await deadlocks()) - deadlocksBefore}`,
    );

    // Counts first: every page committed, every message stored once, every sighting kept.
    expect(failures).toEqual([]);
    expect(committed).toBe(MAILBOXES * PAGES);
    expect(await count('SELECT COUNT(*) AS n FROM folder_cursors')).toBe(MAILBOXES);
    expect(await count('SELECT COUNT(*) AS n FROM emails')).toBe(emails.size);
    expect(await count('SELECT COUNT(DISTINCT message_key) AS n FROM emails')).toBe(emails.size);
    expect(await count('SELECT COUNT(*) AS n FROM email_sightings')).toBe(sightings);

    // Right after the last commit, before any cycle end: every thread at its root.
    const expected = expectedThreads(emails);
    expect(new Set(expected.values()).size).toBe(CHAINS * (CHAIN_LENGTH / NEW_THREAD_EVERY));
    await expectThreads(expected);
    // The end of each worker's cycle, as the sync does, changes nothing.
    for (const worker of workers) await worker.recordCycle(emptyCycleSummary(), new Date());
    await expectThreads(expected);
  });

  it('commits pages whose settle step cannot run (its worker killed after the commit), and a later commit or the cycle end settles them', async () => {
    /** A chain root <- 1 <- ... <- 29 (In-Reply-To only): the replies' page first, then the middle, the root last. */
    const chainPages = (name: string): { pages: CommitPageInput[]; expected: Map<string, string> } => {
      const key = (n: number) => `${name}-${n}@thread.example`;
      const item = (n: number) => pageImport(`g-${key(n)}`, capturedEmail({ messageKey: key(n), inReplyTo: n === 0 ? null : `<${key(n - 1)}>` }));
      const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => item(to - 1 - i));
      return {
        pages: [page(mailboxName(0), range(10, 30)), page(mailboxName(1), range(1, 10)), page(mailboxName(2), range(0, 1))],
        expected: new Map(Array.from({ length: 30 }, (_, n) => [key(n), key(0)])),
      };
    };
    const holdSettleLock = async () => {
      const holder = await h.pool.getConnection();
      const [[got]] = await holder.query<RowDataPacket[]>('SELECT GET_LOCK(?, 0) AS ok', [`correspondent.threads.${h.database.name}`.slice(0, 64)]);
      expect(Number(got?.['ok'])).toBe(1);
      return holder;
    };
    const settleLockFree = async () => {
      const [[row]] = await h.pool.query<RowDataPacket[]>('SELECT IS_FREE_LOCK(?) AS free', [`correspondent.threads.${h.database.name}`.slice(0, 64)]);
      return Number(row?.['free']) === 1;
    };
    const threadOf = async (key: string) => {
      const [[row]] = await h.pool.query<RowDataPacket[]>('SELECT thread_key FROM emails WHERE message_key = ?', [key]);
      return String(row?.['thread_key']);
    };

    for (const settledBy of ['a later commit', 'the cycle end'] as const) {
      const name = settledBy === 'a later commit' ? 'late' : 'cycle';
      const { pages: chain, expected } = chainPages(name);
      const holder = await holdSettleLock();
      for (const [i, input] of chain.entries()) await expect((workers[i % WORKERS] as MariaDbMailStore).commitPage(input)).resolves.toMatchObject({ inserted: input.imports.length });
      // Committed, with the thread each page could see: the first page's replies still wait on 9.
      expect(await threadOf(`${name}-29@thread.example`)).toBe(`${name}-9@thread.example`);
      expect(await threadOf(`${name}-5@thread.example`)).toBe(`${name}-0@thread.example`);
      holder.destroy(); // the session is gone, and its lock with it (once the server has seen it go)
      for (let i = 0; i < 200 && !(await settleLockFree()); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      if (settledBy === 'a later commit') {
        await workers[3]?.commitPage(page(mailboxName(3), [pageImport('g-unrelated', capturedEmail({ messageKey: 'unrelated@thread.example' }))]));
      } else {
        await workers[1]?.recordCycle(emptyCycleSummary(), new Date());
      }
      await expectThreads(expected, `${name}-`);
    }
  });

  it('moves a thousand waiters a few rows per transaction, and keys that are not ASCII verbatim', async () => {
    const key = (n: number) => `wide-${n}-\u00fcber-\u{1F4E7}@thread.example`;
    const item = (n: number, parent: number | null) => pageImport(`g-wide-${n}`, capturedEmail({ messageKey: key(n), inReplyTo: parent === null ? null : `<${key(parent)}>` }));
    // 0 is the root, 1 answers it; a thousand replies to 1 are stored before 1 and wait on its key,
    // and so does a reply to the first of them, from another mailbox.
    const replies = Array.from({ length: 1000 }, (_, i) => item(i + 2, 1));
    const pages = [[item(0, null)], replies.slice(0, 500), replies.slice(500), [item(1002, 2)], [item(1, 0)]];
    const holder = await h.pool.getConnection();
    const [[got]] = await holder.query<RowDataPacket[]>('SELECT GET_LOCK(?, 0) AS ok', [`correspondent.threads.${h.database.name}`.slice(0, 64)]);
    expect(Number(got?.['ok'])).toBe(1);
    for (const [i, part] of pages.entries()) {
      await workers[i % WORKERS]?.commitPage(page(mailboxName(i), part, { nextCursor: `https://graph.example/delta?wide=${i}` }));
    }
    holder.destroy();
    const outcome = await settlePendingThreads(h.pool, { wait: true, maxChanges: 64 });
    expect(outcome).toMatchObject({ locked: true, changed: 1001 }); // the thousand and the late one
    await expectThreads(new Map(Array.from({ length: 1003 }, (_, n) => [key(n), key(0)])), 'wide-');
    expect(await settlePendingThreads(h.pool, { wait: true })).toMatchObject({ changed: 0 }); // idempotent
  });
});
