/**
 * The console's engagement search and email detail on MariaDB. Text search is LIKE over subject
 * and body (every word must appear in one of them): no FULLTEXT index is needed, and it serves
 * an installation without Elasticsearch at the sizes one sales team's mail reaches; Elasticsearch,
 * when configured, is the engine for large stores.
 */
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import type { EmailListItem } from '../../src-shared/domain.js';
import { pageOfEmails } from './email-queries.js';
import type { EmailSearchFilter, StoredEmailDetail } from './mail-store.js';

/** More words than this are ignored: each is a scan of subject and body. */
const MAX_TEXT_WORDS = 8;

/** A LIKE pattern that matches `value` literally (MariaDB's default escape character is backslash). */
export function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function searchEmails(pool: Pool, filter: EmailSearchFilter): Promise<{ items: EmailListItem[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const anyOf = (values: readonly string[] | undefined, sql: string) => {
    if (values === undefined) return;
    // An empty list matches nothing (a name that resolved to no account), not everything.
    if (values.length === 0) where.push('FALSE');
    else {
      where.push(sql);
      params.push([...values]);
    }
  };
  anyOf(filter.accountIds, 'EXISTS (SELECT 1 FROM email_accounts a WHERE a.email_id = e.id AND a.account_id IN (?))');
  anyOf(filter.opportunityIds, 'e.opportunity_id IN (?)');
  anyOf(filter.assignedTo, 'e.assigned_to IN (?)');
  if (filter.participant && 'address' in filter.participant) {
    where.push('EXISTS (SELECT 1 FROM email_participants p WHERE p.email_id = e.id AND p.address = ?)');
    params.push(filter.participant.address);
  } else if (filter.participant) {
    where.push('EXISTS (SELECT 1 FROM email_participants p WHERE p.email_id = e.id AND (p.domain = ? OR p.domain LIKE ?))');
    params.push(filter.participant.domain, `%.${likeLiteral(filter.participant.domain)}`);
  }
  const words = (filter.text ?? '').split(/\s+/).filter((word) => word.length > 0).slice(0, MAX_TEXT_WORDS);
  for (const word of words) {
    where.push('(e.subject LIKE ? OR e.body_text LIKE ?)');
    const pattern = `%${likeLiteral(word)}%`;
    params.push(pattern, pattern);
  }
  return pageOfEmails(pool, where, params, filter.limit, filter.offset);
}

const detailRowSchema = z.object({
  id: z.coerce.number().int(),
  message_key: z.string(),
  internet_message_id: z.string().nullable(),
  thread_key: z.string().nullable(),
  subject: z.string(),
  from_address: z.string(),
  from_name: z.string(),
  sent_at: z.date(),
  body_text: z.string(),
  in_reply_to: z.string().nullable(),
  references_json: z.union([z.string(), z.array(z.string())]),
  first_mailbox: z.string(),
  assigned_to: z.string().nullable(),
  assigned_by: z.string(),
  opportunity_id: z.string().nullable(),
  created_at: z.date(),
});
const nullableString = z.string().nullable().catch(null);
const reassignPayloadSchema = z.object({
  opportunityBefore: nullableString,
  opportunityAfter: nullableString,
  assignedToBefore: nullableString,
  assignedToAfter: nullableString,
});

export async function emailDetail(pool: Pool, id: number): Promise<StoredEmailDetail | null> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT id, message_key, internet_message_id, thread_key, subject, from_address, from_name, sent_at, body_text, in_reply_to,
            references_json, first_mailbox, assigned_to, assigned_by, opportunity_id, created_at
     FROM emails WHERE id = ?`,
    [id],
  );
  if (rows.length === 0) return null;
  const row = detailRowSchema.parse(rows[0]);
  const [participants] = await pool.query<RowDataPacket[]>("SELECT role, address, name FROM email_participants WHERE email_id = ? AND role <> 'from' ORDER BY id", [id]);
  const [sightings] = await pool.query<RowDataPacket[]>('SELECT mailbox, folder_id, created_at FROM email_sightings WHERE email_id = ? ORDER BY created_at, id', [id]);
  const ids = async (sql: string) => (await pool.query<RowDataPacket[]>(sql, [id]))[0].map((r) => String(r['v']));
  const accountIds = await ids('SELECT account_id AS v FROM email_accounts WHERE email_id = ? ORDER BY account_id');
  const contactIds = await ids('SELECT contact_id AS v FROM email_contacts WHERE email_id = ? ORDER BY contact_id');
  const leadIds = await ids('SELECT lead_id AS v FROM email_leads WHERE email_id = ? ORDER BY lead_id');
  const [audit] = await pool.query<RowDataPacket[]>(
    "SELECT at, actor, payload_json FROM audit_log WHERE action = 'emails.reassign' AND JSON_VALUE(payload_json, '$.emailId') = ? ORDER BY seq",
    [id],
  );
  const references = typeof row.references_json === 'string' ? z.array(z.string()).parse(JSON.parse(row.references_json)) : row.references_json;
  const people = participants.map((p) => ({ role: String(p['role']), address: String(p['address']), name: String(p['name']) }));
  return {
    id: row.id,
    messageKey: row.message_key,
    internetMessageId: row.internet_message_id,
    threadKey: row.thread_key,
    from: { address: row.from_address, name: row.from_name },
    to: people.filter((p) => p.role === 'to').map(({ address, name }) => ({ address, name })),
    cc: people.filter((p) => p.role === 'cc').map(({ address, name }) => ({ address, name })),
    subject: row.subject,
    bodyText: row.body_text,
    sentAt: row.sent_at.toISOString(),
    inReplyTo: row.in_reply_to,
    references,
    importedAt: row.created_at.toISOString(),
    firstMailbox: row.first_mailbox,
    sightings: sightings.map((s) => ({ mailbox: String(s['mailbox']), folderId: String(s['folder_id']), seenAt: z.date().parse(s['created_at']).toISOString() })),
    accountIds,
    contactIds,
    leadIds,
    opportunityId: row.opportunity_id,
    assignedTo: row.assigned_to,
    assignedBy: row.assigned_by,
    reassignments: audit.map((a) => {
      const raw: unknown = a['payload_json'];
      const payload = reassignPayloadSchema.parse(typeof raw === 'string' ? JSON.parse(raw) : raw);
      return { at: z.date().parse(a['at']).toISOString(), actor: String(a['actor']), ...payload };
    }),
  };
}
