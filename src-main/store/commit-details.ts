/** Rows that belong to a newly stored email only: participants and the CRM records it matched. */
import type { PoolConnection } from 'mysql2/promise';
import { clip } from './clip.js';
import type { PageImport } from './mail-store.js';
import { chunk } from './transaction.js';

export type CreatedEmail = { id: number; key: string; item: PageImport };

export async function insertDetails(connection: PoolConnection, created: readonly CreatedEmail[]): Promise<void> {
  const participants = created.flatMap(({ id, item }) => [
    participantValues(id, 'from', item.email.from),
    ...item.email.to.map((a) => participantValues(id, 'to', a)),
    ...item.email.cc.map((a) => participantValues(id, 'cc', a)),
  ]);
  for (const part of chunk(participants, 1000)) {
    await connection.query('INSERT INTO email_participants (email_id, role, address, name, domain) VALUES ?', [part]);
  }
  await insertLinks(connection, 'email_accounts (email_id, account_id)', created, (m) => m.accountIds);
  await insertLinks(connection, 'email_contacts (email_id, contact_id)', created, (m) => m.contactIds);
  await insertLinks(connection, 'email_leads (email_id, lead_id)', created, (m) => m.leadIds);
}

async function insertLinks(
  connection: PoolConnection,
  target: 'email_accounts (email_id, account_id)' | 'email_contacts (email_id, contact_id)' | 'email_leads (email_id, lead_id)',
  created: readonly CreatedEmail[],
  pick: (match: PageImport['match']) => readonly string[],
): Promise<void> {
  const rows = created.flatMap(({ id, item }) => [...new Set(pick(item.match))].map((crmId) => [id, crmId]));
  for (const part of chunk(rows, 1000)) {
    await connection.query(`INSERT INTO ${target} VALUES ? ON DUPLICATE KEY UPDATE email_id = email_id`, [part]);
  }
}

function participantValues(emailId: number, role: 'from' | 'to' | 'cc', participant: { address: string; name: string }): unknown[] {
  const at = participant.address.lastIndexOf('@');
  const domain = at >= 0 ? participant.address.slice(at + 1).toLowerCase() : '';
  return [emailId, role, participant.address, clip(participant.name, 512), domain];
}
