/**
 * The write half of `MailStore.commitPage`, run inside one transaction by the store: emails,
 * participants, CRM links, threads, sightings, assignment, search outbox, the page's new decisions
 * (page-decisions.ts: skip counters, missing domains, and what the audit log records) and the
 * folder's next cursor commit together or not at all.
 *
 * Two workers may import the same message from two mailboxes at the same moment. The email row
 * is therefore inserted with ON DUPLICATE KEY on message_key, tagged with this transaction's
 * batch id: afterwards a locking read tells which rows this transaction created (only those get
 * participants and links) without relying on affected-row counts, which mysql2's FOUND_ROWS flag
 * makes ambiguous. That read locks the rows (FOR UPDATE, in key order), so a second worker adding
 * a sighting to the same email waits and then decides the assignment from the complete set.
 */
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { CapturedEmail } from '../../src-shared/domain.js';
import { AppError } from '../../src-shared/errors.js';
import { NO_ENGAGEMENT } from '../engagement/engagement.js';
import { reassignByMailbox } from './assignment.js';
import { clip } from './clip.js';
import { insertDetails, type CreatedEmail } from './commit-details.js';
import type { CommitPageInput, CommitPageResult, ImportDecisionRecord, PageImport } from './mail-store.js';
import { settleDecisions, tallySkips } from './page-decisions.js';
import { enqueueForSearch } from './search-outbox.js';
import { storageKey } from './storage-key.js';
import { addMissingDomains } from './sync-health.js';
import { threadPointerOf } from './thread-key.js';
import { pageThreads, stageThreads } from './threads.js';
import { chunk } from './transaction.js';

const ROWS_PER_INSERT = 200;
const BYTES_PER_INSERT = 4 * 1024 * 1024;

export type WritePageOptions = { now: Date; batch: string; searchOutbox: boolean; threads: ReadonlyMap<string, string> };

/** The page's result, and the decisions that were new (the audit log records those). */
export type WrittenPage = CommitPageResult & { counted: ImportDecisionRecord[] };

export async function writePage(connection: PoolConnection, input: CommitPageInput, options: WritePageOptions): Promise<WrittenPage> {
  const firstByKey = new Map<string, PageImport>();
  for (const item of input.imports) {
    const key = storageKey(item.email.messageKey);
    if (!firstByKey.has(key)) firstByKey.set(key, item);
  }

  // Threads read before the transaction (readPageThreads) are inserted with the rows; what waited
  // for these emails moves in the settle step after the commit (threads.ts, thread-settle.ts).
  const ids = await insertEmails(connection, input.mailbox, firstByKey, options.batch, options.threads);
  const created: CreatedEmail[] = [...ids]
    .filter(([, row]) => row.created)
    .map(([key]) => ({ id: idOf(ids, key), key, item: firstByKey.get(key) as PageImport }));
  await stageThreads(connection, created.map((c) => c.key));
  await insertDetails(connection, created);
  const { sightings, seenAgain, known } = await insertSightings(connection, input, ids);
  await reassignByMailbox(connection, seenAgain);
  if (options.searchOutbox) await enqueueForSearch(connection, [...created.map((c) => c.id), ...seenAgain]);
  const { counted, unchanged } = await settleDecisions(connection, input.mailbox, input.decisions, known, options.now);
  const { skipped, missingDomains } = tallySkips(counted);
  await addSkipCounts(connection, input.mailbox, skipped);
  await addMissingDomains(connection, missingDomains, options.now);

  await connection.query(
    `INSERT INTO folder_cursors (mailbox, folder_id, cursor_url, round_complete, updated_at) VALUES (?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE cursor_url = VALUES(cursor_url), round_complete = VALUES(round_complete), updated_at = VALUES(updated_at)`,
    [input.mailbox, input.cursorKey ?? input.folderId, input.nextCursor, input.roundComplete, options.now],
  );
  return { inserted: created.length, sightings, skipped, unchanged, counted, masked: created.filter((c) => c.item.masked === true).length };
}

/**
 * The thread of each of the page's emails as the stored emails show it (threads.ts), read before
 * the page's transaction: a read inside it would fix its snapshot before the inserts wait for a
 * concurrent page storing the same message, and the assignment's read of that message's
 * participants (assignment.ts) would then miss them.
 */
export async function readPageThreads(pool: Pool, input: CommitPageInput): Promise<Map<string, string>> {
  const pointers = new Map<string, string>();
  for (const item of input.imports) {
    const key = storageKey(item.email.messageKey);
    if (!pointers.has(key)) pointers.set(key, threadPointerOf(item.email));
  }
  return pageThreads(pool, pointers);
}

type EmailRow = { id: number; created: boolean };

async function insertEmails(
  connection: PoolConnection,
  mailbox: string,
  byKey: Map<string, PageImport>,
  batch: string,
  threads: ReadonlyMap<string, string>,
): Promise<Map<string, EmailRow>> {
  // Key order = lock order: two workers inserting overlapping pages then wait rather than deadlock.
  const entries = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const part of chunk(entries, ROWS_PER_INSERT, ([, item]) => item.email.bodyText.length * 4, BYTES_PER_INSERT)) {
    await connection.query<ResultSetHeader>(
      `INSERT INTO emails (message_key, thread_key, internet_message_id, subject, from_address, from_name, sent_at, body_text,
         in_reply_to, references_json, first_mailbox, assigned_to, assigned_by, opportunity_id, import_batch)
       VALUES ? ON DUPLICATE KEY UPDATE message_key = message_key`,
      [part.map(([key, item]) => emailValues(key, item, mailbox, batch, threads.get(key) ?? threadPointerOf(item.email)))],
    );
  }
  const rows = new Map<string, EmailRow>();
  for (const part of chunk(entries.map(([key]) => key), 500)) {
    const [found] = await connection.query<RowDataPacket[]>(
      'SELECT id, message_key, import_batch FROM emails FORCE INDEX (emails_message_key) WHERE message_key IN (?) FOR UPDATE',
      [part],
    );
    for (const row of found) rows.set(String(row['message_key']), { id: Number(row['id']), created: row['import_batch'] === batch });
  }
  return rows;
}

function emailValues(key: string, item: PageImport, mailbox: string, batch: string, thread: string): unknown[] {
  const email: CapturedEmail = item.email;
  const sentAt = new Date(email.sentAt);
  if (Number.isNaN(sentAt.getTime())) throw new AppError('invalid-input', `Email ${email.messageKey} has an invalid sentAt "${email.sentAt}".`);
  const engagement = item.engagement ?? NO_ENGAGEMENT;
  return [
    key,
    thread, // as far as this transaction sees; the settle step finalises it (thread-settle.ts)
    email.internetMessageId === null ? null : clip(email.internetMessageId, 998),
    email.subject,
    email.from.address,
    clip(email.from.name, 512),
    sentAt,
    email.bodyText,
    email.inReplyTo === null ? null : clip(email.inReplyTo, 998),
    JSON.stringify(email.references),
    mailbox,
    // The only mailbox that has seen a new email is this one; later sightings re-apply the rule.
    engagement.ownerAddress ?? mailbox,
    engagement.ownerAddress === null ? 'mailbox' : 'opportunity-owner',
    engagement.opportunityId,
    batch,
  ];
}

async function insertSightings(
  connection: PoolConnection,
  input: CommitPageInput,
  ids: Map<string, EmailRow>,
): Promise<{ sightings: number; seenAgain: number[]; known: Set<string> }> {
  const byGraphId = new Map<string, PageImport>();
  for (const item of input.imports) if (!byGraphId.has(item.graphId)) byGraphId.set(item.graphId, item);
  const existing = new Set<string>();
  // A plain (non-locking) read: the mailbox's lease makes this transaction the only writer of its
  // sightings, and a locking read of absent keys would take gap locks that can reach into the
  // neighbouring mailbox's keys, making parallel page commits of two mailboxes wait on each other.
  for (const part of chunk([...byGraphId.keys()], 500)) {
    const [rows] = await connection.query<RowDataPacket[]>(
      'SELECT graph_id FROM email_sightings WHERE mailbox = ? AND graph_id IN (?)',
      [input.mailbox, part],
    );
    for (const row of rows) existing.add(String(row['graph_id']));
  }
  const fresh = [...byGraphId.values()].filter((item) => !existing.has(item.graphId));
  for (const part of chunk(fresh, 1000)) {
    await connection.query(
      'INSERT INTO email_sightings (email_id, mailbox, folder_id, graph_id) VALUES ? ON DUPLICATE KEY UPDATE email_id = email_id',
      [part.map((item) => [idOf(ids, storageKey(item.email.messageKey)), input.mailbox, input.folderId, item.graphId])],
    );
  }
  const counted = new Set<string>();
  const seenAgain = new Set<number>();
  let sightings = 0;
  for (const item of fresh) {
    const key = storageKey(item.email.messageKey);
    const row = ids.get(key);
    if (row?.created && !counted.has(key)) counted.add(key);
    else sightings += 1;
    if (row && !row.created) seenAgain.add(row.id);
  }
  return { sightings, seenAgain: [...seenAgain], known: existing };
}

/**
 * Health counters of skipped mail by reason (counts only: skipped content is never stored), of the
 * page's new skips: a message re-reported, or a page repeated after a crash, is not counted again.
 */
async function addSkipCounts(connection: PoolConnection, mailbox: string, skipped: CommitPageResult['skipped']): Promise<void> {
  const rows = Object.entries(skipped)
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([code, n]) => [mailbox, code, n]);
  if (rows.length === 0) return;
  await connection.query(
    'INSERT INTO mailbox_skip_counts (mailbox, reason_code, skipped) VALUES ? ON DUPLICATE KEY UPDATE skipped = skipped + VALUES(skipped)',
    [rows],
  );
}

function idOf(ids: Map<string, EmailRow>, key: string): number {
  const row = ids.get(key);
  if (!row) throw new Error(`email row for ${key} vanished inside its own transaction`);
  return row.id;
}
