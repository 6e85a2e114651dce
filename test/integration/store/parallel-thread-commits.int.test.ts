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
 */
import { createHash } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitPageInput, ImportDecisionRecord, PageImport } from '../../../src-main/store/mail-store.js';
import type { MariaDbMailStore } from '../../../src-main/store/mariadb-mail-store.js';
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
    workers = [h.store];
    for (let w = 1; w < WORKERS; w += 1) workers.push(await h.openStore());
  });
  afterAll(async () => {
    await h.close();
  });

  const count = async (sql: string) => {
    const [[row]] = await h.pool.query<RowDataPacket[]>(sql);
    return Number(row?.['n'] ?? 0);
  };

  it('commits every page of eight mailboxes from four workers at once and settles every thread at its root', async () => {
    const { pages, emails, sightings } = buildPages();
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
    // The end of each worker's cycle, as the sync does.
    for (const worker of workers) await worker.recordCycle(emptyCycleSummary(), new Date());
    console.info(`parallel thread commits: ${committed} pages, ${emails.size} emails in ${Date.now() - started} ms; failed: ${failures.length}`);

    // Counts first: every page committed, every message stored once, every sighting kept.
    expect(failures).toEqual([]);
    expect(committed).toBe(MAILBOXES * PAGES);
    expect(await count('SELECT COUNT(*) AS n FROM folder_cursors')).toBe(MAILBOXES);
    expect(await count('SELECT COUNT(*) AS n FROM emails')).toBe(emails.size);
    expect(await count('SELECT COUNT(DISTINCT message_key) AS n FROM emails')).toBe(emails.size);
    expect(await count('SELECT COUNT(*) AS n FROM email_sightings')).toBe(sightings);

    const expected = expectedThreads(emails);
    expect(new Set(expected.values()).size).toBe(CHAINS * (CHAIN_LENGTH / NEW_THREAD_EVERY));
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT message_key, thread_key FROM emails');
    const wrong = rows
      .filter((row) => row['thread_key'] !== expected.get(String(row['message_key'])))
      .map((row) => `${String(row['message_key'])}: ${String(row['thread_key'])}, expected ${expected.get(String(row['message_key'])) ?? 'none'}`);
    expect(wrong.length, wrong.slice(0, 10).join('\n')).toBe(0);
    expect(rows).toHaveLength(emails.size);
  });
});
