/**
 * Builds the search documents of emails from MariaDB, the system of record. The outbox says only
 * "email X changed"; the drain reads X's current state here, so a change that lands while a batch
 * is in flight is picked up by its own outbox row, and a purged email becomes a delete.
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import type { SearchDocument } from './mail-store.js';

const emailRow = z.object({
  id: z.coerce.number().int(),
  message_key: z.string(),
  internet_message_id: z.string().nullable(),
  subject: z.string(),
  body_text: z.string(),
  from_address: z.string(),
  from_name: z.string(),
  sent_at: z.date(),
  opportunity_id: z.string().nullable(),
  assigned_to: z.string().nullable(),
});
const pair = z.object({ email_id: z.coerce.number().int(), value: z.string() });
const participantRow = z.object({ email_id: z.coerce.number().int(), role: z.enum(['from', 'to', 'cc']), address: z.string(), domain: z.string() });

export async function searchDocuments(db: Pool | PoolConnection, ids: readonly number[]): Promise<Map<number, SearchDocument>> {
  const documents = new Map<number, SearchDocument>();
  if (ids.length === 0) return documents;
  const [emails] = await db.query<RowDataPacket[]>(
    `SELECT id, message_key, internet_message_id, subject, body_text, from_address, from_name, sent_at, opportunity_id, assigned_to
     FROM emails WHERE id IN (?)`,
    [ids],
  );
  if (emails.length === 0) return documents;
  const found = emails.map((row) => emailRow.parse(row));
  const foundIds = found.map((e) => e.id);
  const [participants] = await db.query<RowDataPacket[]>(
    'SELECT email_id, role, address, domain FROM email_participants WHERE email_id IN (?) ORDER BY email_id, id',
    [foundIds],
  );
  const lists = async (sql: string) => {
    const [rows] = await db.query<RowDataPacket[]>(sql, [foundIds]);
    const map = new Map<number, string[]>();
    for (const row of rows) {
      const { email_id: id, value } = pair.parse(row);
      map.set(id, [...(map.get(id) ?? []), value]);
    }
    return map;
  };
  const mailboxes = await lists('SELECT DISTINCT email_id, mailbox AS value FROM email_sightings WHERE email_id IN (?) ORDER BY email_id, mailbox');
  const accounts = await lists('SELECT email_id, account_id AS value FROM email_accounts WHERE email_id IN (?) ORDER BY email_id, account_id');
  const contacts = await lists('SELECT email_id, contact_id AS value FROM email_contacts WHERE email_id IN (?) ORDER BY email_id, contact_id');
  const leads = await lists('SELECT email_id, lead_id AS value FROM email_leads WHERE email_id IN (?) ORDER BY email_id, lead_id');
  const people = new Map<number, z.infer<typeof participantRow>[]>();
  for (const row of participants) {
    const p = participantRow.parse(row);
    people.set(p.email_id, [...(people.get(p.email_id) ?? []), p]);
  }
  for (const e of found) {
    const ps = people.get(e.id) ?? [];
    documents.set(e.id, {
      emailId: e.id,
      messageKey: e.message_key,
      internetMessageId: e.internet_message_id,
      subject: e.subject,
      body: e.body_text,
      from: { address: e.from_address, name: e.from_name, domain: domainOf(e.from_address) },
      to: ps.filter((p) => p.role === 'to').map((p) => p.address),
      cc: ps.filter((p) => p.role === 'cc').map((p) => p.address),
      participants: [...new Set(ps.map((p) => p.address))],
      domains: [...new Set(ps.map((p) => p.domain).filter((d) => d !== ''))],
      sentAt: e.sent_at.toISOString(),
      mailboxes: mailboxes.get(e.id) ?? [],
      accountIds: accounts.get(e.id) ?? [],
      contactIds: contacts.get(e.id) ?? [],
      leadIds: leads.get(e.id) ?? [],
      opportunityId: e.opportunity_id,
      assignedTo: e.assigned_to,
    });
  }
  return documents;
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1).toLowerCase() : '';
}
