/** Reads stored emails for the CLI and the console: one page of rows plus their related lists. */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import type { EmailListItem } from '../../src-shared/domain.js';
import type { EmailFilter } from './mail-store.js';

const emailRowSchema = z.object({
  id: z.coerce.number().int(),
  internet_message_id: z.string().nullable(),
  subject: z.string(),
  from_address: z.string(),
  sent_at: z.date(),
  opportunity_id: z.string().nullable(),
  assigned_to: z.string().nullable(),
});
const participantRowSchema = z.object({ email_id: z.coerce.number().int(), role: z.enum(['from', 'to', 'cc']), address: z.string() });
const pairRowSchema = z.object({ email_id: z.coerce.number().int(), value: z.string() });

export async function listEmails(pool: Pool, filter: EmailFilter): Promise<{ items: EmailListItem[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.mailbox !== undefined) {
    where.push('EXISTS (SELECT 1 FROM email_sightings s WHERE s.email_id = e.id AND s.mailbox = ?)');
    params.push(filter.mailbox);
  }
  if (filter.accountId !== undefined) {
    where.push('EXISTS (SELECT 1 FROM email_accounts a WHERE a.email_id = e.id AND a.account_id = ?)');
    params.push(filter.accountId);
  }
  if (filter.threadOf !== undefined) {
    where.push('e.thread_key = (SELECT t.thread_key FROM emails t WHERE t.id = ?)');
    params.push(filter.threadOf);
  }
  return pageOfEmails(pool, where, params, filter.limit, filter.offset);
}

/**
 * One page of emails matching every `where` condition (on `emails e`, with `params`), newest
 * first, with their recipients, mailboxes and accounts. Shared by the list and the console search.
 */
export async function pageOfEmails(
  pool: Pool,
  where: readonly string[],
  params: readonly unknown[],
  limit: number,
  offset: number,
): Promise<{ items: EmailListItem[]; total: number }> {
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const [[count]] = await pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS total FROM emails e ${whereSql}`, [...params]);
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT e.id, e.internet_message_id, e.subject, e.from_address, e.sent_at, e.opportunity_id, e.assigned_to
     FROM emails e ${whereSql} ORDER BY e.sent_at DESC, e.id DESC LIMIT ? OFFSET ?`,
    [...params, limit, offset],
  );
  const emails = rows.map((row) => emailRowSchema.parse(row));
  const total = Number(count?.['total'] ?? 0);
  if (emails.length === 0) return { items: [], total };

  const ids = emails.map((email) => email.id);
  const [participants] = await pool.query<RowDataPacket[]>(
    "SELECT email_id, role, address FROM email_participants WHERE email_id IN (?) AND role <> 'from' ORDER BY id",
    [ids],
  );
  const [mailboxes] = await pool.query<RowDataPacket[]>(
    'SELECT DISTINCT email_id, mailbox AS value FROM email_sightings WHERE email_id IN (?) ORDER BY email_id, mailbox',
    [ids],
  );
  const [accounts] = await pool.query<RowDataPacket[]>(
    'SELECT email_id, account_id AS value FROM email_accounts WHERE email_id IN (?) ORDER BY email_id, account_id',
    [ids],
  );
  const recipients = groupBy(participants.map((row) => participantRowSchema.parse(row)));
  const mailboxesOf = groupValues(mailboxes.map((row) => pairRowSchema.parse(row)));
  const accountsOf = groupValues(accounts.map((row) => pairRowSchema.parse(row)));

  const items = emails.map((email): EmailListItem => {
    const people = recipients.get(email.id) ?? [];
    return {
      id: email.id,
      internetMessageId: email.internet_message_id,
      subject: email.subject,
      from: email.from_address,
      to: people.filter((p) => p.role === 'to').map((p) => p.address),
      cc: people.filter((p) => p.role === 'cc').map((p) => p.address),
      sentAt: email.sent_at.toISOString(),
      accountIds: accountsOf.get(email.id) ?? [],
      opportunityId: email.opportunity_id,
      assignedTo: email.assigned_to,
      mailboxes: mailboxesOf.get(email.id) ?? [],
    };
  });
  return { items, total };
}

function groupBy<T extends { email_id: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) map.set(row.email_id, [...(map.get(row.email_id) ?? []), row]);
  return map;
}

function groupValues(rows: { email_id: number; value: string }[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const [id, group] of groupBy(rows)) map.set(id, group.map((row) => row.value));
  return map;
}

/**
 * Which of these message keys are stored emails sent from one of our addresses: the rules'
 * thread reciprocity (a reply to mail our side sent is correspondence) asks this per page.
 */
export async function sentByUs(pool: Pool, keys: readonly string[], isOurAddress: (address: string) => boolean): Promise<Set<string>> {
  const found = new Set<string>();
  if (keys.length === 0) return found;
  const [rows] = await pool.query<RowDataPacket[]>('SELECT message_key, from_address FROM emails WHERE message_key IN (?)', [[...new Set(keys)]]);
  for (const row of rows) {
    if (isOurAddress(String(row['from_address']))) found.add(String(row['message_key']));
  }
  return found;
}
