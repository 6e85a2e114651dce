/**
 * The write half of `MailStore.commitPage`, run inside one transaction by the store.
 *
 * Two workers may import the same message from two mailboxes at the same moment. The email row
 * is therefore inserted with ON DUPLICATE KEY on message_key, tagged with this transaction's
 * batch id: afterwards a locking read tells which rows this transaction created (only those get
 * participants and account links) without relying on affected-row counts, which mysql2's
 * FOUND_ROWS flag makes ambiguous.
 */
import { createHash } from 'node:crypto';
import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { CapturedEmail } from '../../src-shared/domain.js';
import { AppError } from '../../src-shared/errors.js';
import type { CommitPageInput, CommitPageResult, PageImport } from './mail-store.js';
import { chunk } from './transaction.js';

const MAX_KEY_LENGTH = 700;
const ROWS_PER_INSERT = 200;
const BYTES_PER_INSERT = 4 * 1024 * 1024;

/** Keys longer than the indexed column are replaced by a stable digest, so dedup still holds. */
export function storageKey(messageKey: string): string {
  if (messageKey.length <= MAX_KEY_LENGTH) return messageKey;
  return `sha256:${createHash('sha256').update(messageKey).digest('hex')}`;
}

export async function writePage(connection: PoolConnection, input: CommitPageInput, now: Date, batch: string): Promise<CommitPageResult> {
  const firstByKey = new Map<string, PageImport>();
  for (const item of input.imports) {
    const key = storageKey(item.email.messageKey);
    if (!firstByKey.has(key)) firstByKey.set(key, item);
  }

  const ids = await insertEmails(connection, input.mailbox, firstByKey, batch);
  const created = new Set<string>([...ids].filter(([, row]) => row.created).map(([key]) => key));
  await insertDetails(connection, [...created].map((key) => ({ id: idOf(ids, key), item: firstByKey.get(key) as PageImport })));
  const sightings = await insertSightings(connection, input, ids, created);

  await connection.query(
    `INSERT INTO folder_cursors (mailbox, folder_id, cursor_url, round_complete, updated_at) VALUES (?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE cursor_url = VALUES(cursor_url), round_complete = VALUES(round_complete), updated_at = VALUES(updated_at)`,
    [input.mailbox, input.folderId, input.nextCursor, input.roundComplete, now],
  );
  return { inserted: created.size, sightings };
}

type EmailRow = { id: number; created: boolean };

async function insertEmails(connection: PoolConnection, mailbox: string, byKey: Map<string, PageImport>, batch: string): Promise<Map<string, EmailRow>> {
  // Key order = lock order: two workers inserting overlapping pages then wait rather than deadlock.
  const entries = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const part of chunk(entries, ROWS_PER_INSERT, ([, item]) => item.email.bodyText.length * 4, BYTES_PER_INSERT)) {
    await connection.query<ResultSetHeader>(
      `INSERT INTO emails (message_key, internet_message_id, subject, from_address, from_name, sent_at, body_text,
         in_reply_to, references_json, first_mailbox, assigned_to, import_batch)
       VALUES ? ON DUPLICATE KEY UPDATE message_key = message_key`,
      [part.map(([key, item]) => emailValues(key, item.email, mailbox, batch))],
    );
  }
  const rows = new Map<string, EmailRow>();
  for (const part of chunk(entries.map(([key]) => key), 500)) {
    const [found] = await connection.query<RowDataPacket[]>(
      'SELECT id, message_key, import_batch FROM emails WHERE message_key IN (?) LOCK IN SHARE MODE',
      [part],
    );
    for (const row of found) rows.set(String(row['message_key']), { id: Number(row['id']), created: row['import_batch'] === batch });
  }
  return rows;
}

function emailValues(key: string, email: CapturedEmail, mailbox: string, batch: string): unknown[] {
  const sentAt = new Date(email.sentAt);
  if (Number.isNaN(sentAt.getTime())) throw new AppError('invalid-input', `Email ${email.messageKey} has an invalid sentAt "${email.sentAt}".`);
  return [
    key,
    email.internetMessageId === null ? null : clip(email.internetMessageId, 998),
    email.subject,
    email.from.address,
    clip(email.from.name, 512),
    sentAt,
    email.bodyText,
    email.inReplyTo === null ? null : clip(email.inReplyTo, 998),
    JSON.stringify(email.references),
    mailbox,
    // Assignment for now: the owner of the mailbox it was first imported from.
    mailbox,
    batch,
  ];
}

async function insertDetails(connection: PoolConnection, created: { id: number; item: PageImport }[]): Promise<void> {
  const participants = created.flatMap(({ id, item }) => [
    participantValues(id, 'from', item.email.from),
    ...item.email.to.map((a) => participantValues(id, 'to', a)),
    ...item.email.cc.map((a) => participantValues(id, 'cc', a)),
  ]);
  for (const part of chunk(participants, 1000)) {
    await connection.query('INSERT INTO email_participants (email_id, role, address, name, domain) VALUES ?', [part]);
  }
  const accounts = created.flatMap(({ id, item }) => [...new Set(item.match.accountIds)].map((accountId) => [id, accountId]));
  for (const part of chunk(accounts, 1000)) {
    await connection.query('INSERT INTO email_accounts (email_id, account_id) VALUES ? ON DUPLICATE KEY UPDATE email_id = email_id', [part]);
  }
}

function participantValues(emailId: number, role: 'from' | 'to' | 'cc', participant: { address: string; name: string }): unknown[] {
  const at = participant.address.lastIndexOf('@');
  const domain = at >= 0 ? participant.address.slice(at + 1).toLowerCase() : '';
  return [emailId, role, participant.address, clip(participant.name, 512), domain];
}

async function insertSightings(
  connection: PoolConnection,
  input: CommitPageInput,
  ids: Map<string, EmailRow>,
  created: Set<string>,
): Promise<number> {
  const byGraphId = new Map<string, PageImport>();
  for (const item of input.imports) if (!byGraphId.has(item.graphId)) byGraphId.set(item.graphId, item);
  const existing = new Set<string>();
  for (const part of chunk([...byGraphId.keys()], 500)) {
    const [rows] = await connection.query<RowDataPacket[]>(
      'SELECT graph_id FROM email_sightings WHERE mailbox = ? AND graph_id IN (?) FOR UPDATE',
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
  let sightings = 0;
  for (const item of fresh) {
    const key = storageKey(item.email.messageKey);
    if (created.has(key) && !counted.has(key)) counted.add(key);
    else sightings += 1;
  }
  return sightings;
}

function idOf(ids: Map<string, EmailRow>, key: string): number {
  const row = ids.get(key);
  if (!row) throw new Error(`email row for ${key} vanished inside its own transaction`);
  return row.id;
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : Array.from(value).slice(0, max).join('');
}
