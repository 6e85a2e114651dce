/**
 * The growth bench's steady-state cycle: the product's own sync service (createSyncService: lease
 * claims, CRM and late-match checks, cursor and round reads, the rules, page commits with dedup,
 * threads, sightings, skips and audit staging and sealing, health records, the cycle's history row
 * and audit entry) over the filled tenant, with Graph replaced by an in-process stub that answers
 * each folder's saved deltaLink with one page (a few new messages in the Inbox, nothing elsewhere)
 * and the next deltaLink: no HTTP, no sandbox, so the time is the app's and MariaDB's.
 * Also a recorder of every SQL statement the store runs (time per statement text), so each query's
 * cost can be compared between the two sizes and EXPLAINed.
 */
import type { Pool, PoolConnection } from 'mysql2/promise';
import type { FolderInfo } from '../../../src-main/graph/graph-message.js';
import type { GraphMailReader } from '../../../src-main/graph/graph-mail-reader.js';
import { CUSTOMERS, FOLDERS, MAILBOXES, BODY, deltaLinkOf, folderIdOf, graphIdOf, keyOf, mailboxOf, rootOf } from './growth-data.js';

const recipient = (address: string, name = '') => ({ emailAddress: { address, name } });

/** A raw Graph message as the full fetch returns it. */
function rawMessage(id: string, key: string, from: { address: string; name: string }, to: string, subject: string, sentAt: Date, replyTo: string | null): Record<string, unknown> {
  return {
    id,
    isDraft: false,
    subject,
    body: { contentType: 'text', content: BODY },
    from: recipient(from.address, from.name),
    sender: recipient(from.address, from.name),
    toRecipients: [recipient(to)],
    ccRecipients: [recipient('manager1@contoso.example', 'Manager 1')],
    sentDateTime: sentAt.toISOString(),
    receivedDateTime: sentAt.toISOString(),
    internetMessageId: `<${key}>`,
    internetMessageHeaders: replyTo === null ? [] : [{ name: 'In-Reply-To', value: `<${replyTo}>` }, { name: 'References', value: `<${replyTo}>` }],
  };
}

export type StubGraph = GraphMailReader & { pagesServed: number; messagesServed: number };

/**
 * Each Inbox delta page: 3 new customer emails (one replying to a random stored thread), one
 * email stored before from a colleague's mailbox (a dedup hit: a new sighting), one message from
 * a domain the CRM does not know (a no-crm-match skip). `stored`: emails 1..stored exist.
 */
export function stubGraph(stored: () => number, cycleTag: number, random: () => number): StubGraph {
  const folders = new Map<string, { mailbox: string; wellKnown: string }>();
  for (let k = 0; k < MAILBOXES; k++) for (const wk of FOLDERS) folders.set(folderIdOf(mailboxOf(k), wk), { mailbox: mailboxOf(k), wellKnown: wk });
  const stub: StubGraph = {
    pagesServed: 0,
    messagesServed: 0,
    fetchMode: 'full',
    listUsers: async () => [],
    forgetFolders: () => undefined,
    listSyncableFolders: async (userId) => {
      const mailbox = mailboxOf(Number(userId.replace('user-', '')));
      return FOLDERS.map((wk): FolderInfo => ({ id: folderIdOf(mailbox, wk), wellKnownName: wk === 'customers' ? null : wk, displayName: wk }));
    },
    initialDeltaUrl: (userId, folderId) => `stub:initial:${userId}:${folderId}`,
    readDeltaPage: async (url) => {
      const match = /\/users\/([^/]+)\/mailFolders\/([^/]+)\/messages\/delta\?\$deltatoken=(\d+)\./.exec(url);
      if (!match) throw new Error(`stub Graph: unexpected delta url ${url.slice(0, 120)}`);
      const [, mailbox, folderId, roundText] = match as unknown as [string, string, string, string];
      const folder = folders.get(folderId);
      if (!folder) throw new Error(`stub Graph: unknown folder ${folderId}`);
      const round = Number(roundText);
      stub.pagesServed += 1;
      const messages = folder.wellKnown === 'inbox' ? inboxPage(mailbox, round) : [];
      stub.messagesServed += messages.length;
      return { messages, nextLink: null, deltaLink: deltaLinkOf(mailbox, folder.wellKnown, round + 1) };
    },
    initialListUrl: (userId, folderId) => `stub:list:${userId}:${folderId}`,
    readListPage: async () => ({ messages: [], nextLink: null }),
    readMessages: async (_userId, ids) => new Map(ids.map((id) => [id, null])),
    readContents: async (_userId, ids) => new Map(ids.map((id) => [id, null])),
    archiveMailboxOf: async () => null,
    counters: () => ({ requests: 0, retries: 0, throttled: 0, timeouts: 0 }),
    bytesReceived: () => 0,
  };

  function inboxPage(mailbox: string, round: number): unknown[] {
    const k = Number(/^seller(\d+)@/.exec(mailbox)?.[1] ?? 0);
    const base = 50_000_000 + cycleTag * 1_000_000 + round * 10_000 + k * 10;
    const sentAt = new Date(Date.UTC(2026, 5, 1) + cycleTag * 86_400_000 + round * 900_000);
    const out: unknown[] = [];
    for (let j = 0; j < 3; j++) {
      const i = base + j;
      const customer = i % CUSTOMERS;
      const buyer = { address: `buyer${i % 5}@customer${customer}.example`, name: `Buyer ${i % 5}` };
      const old = j === 0 ? keyOf(rootOf(1 + Math.floor(random() * stored()))) : null;
      out.push(rawMessage(graphIdOf(mailbox, i), keyOf(i), buyer, mailbox, `${old ? 'RE: ' : ''}Quote ${i}`, sentAt, old));
    }
    // Stored before, from its first mailbox (a recent email): this mailbox's copy is a new sighting.
    const seen = Math.max(1, stored() - Math.floor(random() * 5000));
    out.push(rawMessage(graphIdOf(mailbox, seen), keyOf(seen), { address: `buyer${seen % 5}@customer${seen % CUSTOMERS}.example`, name: '' }, mailbox, `Quote ${seen}`, sentAt, null));
    out.push(rawMessage(graphIdOf(mailbox, base + 9), `news${base}@news${base % 1000}.example`, { address: `letters@news${base % 1000}.example`, name: 'News' }, mailbox, 'This week', sentAt, null));
    return out;
  }
  return stub;
}

export type StatementCost = { calls: number; ms: number; sql: string; params: unknown };

/** Records every statement run on `pool` (directly or on its connections) while `recording` is on: calls and time per SQL text. */
export function recordStatements(pool: Pool): { start(): void; stop(): Map<string, StatementCost> } {
  let costs: Map<string, StatementCost> | null = null;
  const wrap = (target: { query: (...args: never[]) => Promise<unknown> }) => {
    const original = target.query.bind(target) as (...args: unknown[]) => Promise<unknown>;
    (target as { query: unknown }).query = async (...args: unknown[]) => {
      if (costs === null) return original(...args);
      const sql = typeof args[0] === 'string' ? args[0] : String((args[0] as { sql?: string })?.sql ?? '');
      const key = sql.replace(/\s+/g, ' ').trim();
      const started = process.hrtime.bigint();
      try {
        return await original(...args);
      } finally {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const entry = costs.get(key) ?? { calls: 0, ms: 0, sql, params: args[1] };
        entry.calls += 1;
        entry.ms += ms;
        costs.set(key, entry);
      }
    };
  };
  wrap(pool as unknown as { query: (...args: never[]) => Promise<unknown> });
  const wrapped = new WeakSet<object>();
  const getConnection = pool.getConnection.bind(pool);
  (pool as { getConnection: unknown }).getConnection = async () => {
    const connection: PoolConnection = await getConnection();
    if (!wrapped.has(connection)) {
      wrapped.add(connection);
      wrap(connection as unknown as { query: (...args: never[]) => Promise<unknown> });
    }
    return connection;
  };
  return {
    start() {
      costs = new Map();
    },
    stop() {
      const done = costs ?? new Map<string, StatementCost>();
      costs = null;
      return done;
    },
  };
}
