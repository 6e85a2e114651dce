/**
 * Re-applies the mailbox half of the assignment rule (engagement/assignee-mailbox.ts) to emails
 * whose set of sightings changed. Emails assigned to their opportunity owner keep that: it does
 * not depend on mailboxes. Callers hold the email rows locked (commit-page.ts, purge.ts), so two
 * workers adding sightings to one email cannot each decide from half of the set.
 */
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { Address } from '../../src-shared/domain.js';
import { assigneeMailbox, type HeaderParticipants } from '../engagement/assignee-mailbox.js';
import { updateByKey } from './sql-batch.js';
import { chunk } from './transaction.js';

export async function reassignByMailbox(connection: PoolConnection, emailIds: readonly number[]): Promise<number> {
  const changed = new Map<number, string | null>();
  for (const part of chunk([...new Set(emailIds)], 500)) {
    const [emails] = await connection.query<RowDataPacket[]>(
      "SELECT id, assigned_to FROM emails WHERE id IN (?) AND assigned_by = 'mailbox' FOR UPDATE",
      [part],
    );
    if (emails.length === 0) continue;
    const ids = emails.map((row) => Number(row['id']));
    const [sightings] = await connection.query<RowDataPacket[]>(
      'SELECT email_id, mailbox FROM email_sightings WHERE email_id IN (?) LOCK IN SHARE MODE',
      [ids],
    );
    const [participants] = await connection.query<RowDataPacket[]>(
      'SELECT email_id, role, address FROM email_participants WHERE email_id IN (?) ORDER BY email_id, id',
      [ids],
    );
    const mailboxes = new Map<number, string[]>();
    for (const row of sightings) push(mailboxes, Number(row['email_id']), String(row['mailbox']));
    const headers = new Map<number, HeaderParticipants>();
    for (const row of participants) {
      const id = Number(row['email_id']);
      const h = headers.get(id) ?? { from: { address: '', name: '' }, to: [] as Address[], cc: [] as Address[] };
      const address: Address = { address: String(row['address']), name: '' };
      if (row['role'] === 'from') h.from = address;
      else if (row['role'] === 'to') (h.to as Address[]).push(address);
      else (h.cc as Address[]).push(address);
      headers.set(id, h);
    }
    for (const row of emails) {
      const id = Number(row['id']);
      const current = row['assigned_to'] === null ? null : String(row['assigned_to']);
      const wanted = assigneeMailbox(headers.get(id) ?? { from: { address: '', name: '' }, to: [], cc: [] }, mailboxes.get(id) ?? []);
      if (wanted !== current) changed.set(id, wanted);
    }
  }
  await updateByKey(connection, { table: 'emails', column: 'assigned_to', key: 'id' }, changed);
  return changed.size;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
