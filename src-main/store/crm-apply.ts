/**
 * A refresh lands in ONE transaction with its refresh-state update and its audit entries: a full
 * read replaces the CRM tables (crm-tables.ts writeCrm), a change set deletes and re-inserts only
 * the rows it names. Either bumps crm_revision, so every instance reloads its in-memory CRM and the
 * late match sees the new keys; opportunities whose owner changed move their emails
 * (crm-owner-reassignment.ts). A refresh whose lease was lost meanwhile changes nothing. Rows are
 * checked against the tables' contract first (crm-snapshot.ts): a bad row is a rejection, not a
 * failed transaction.
 */
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { CrmSnapshot } from '@correspondent/contract';
import { AppError } from '../../src-shared/errors.js';
import type { CrmChangeSet, CrmRecordRejection } from '../crm/connectors/crm-connector.js';
import { withAuditedTransaction, type AuditAppend } from './audit-append.js';
import { reassignForNewOwners, type OwnerChange } from './crm-owner-reassignment.js';
import type { CrmApplyInput, CrmApplyResult } from './crm-refresh-port.js';
import { holdsCrmRefresh, recordCrmRefreshSuccess, type CrmRefreshKind } from './crm-refresh-state.js';
import { validateCrmSnapshot } from './crm-snapshot.js';
import { writeCrm } from './crm-tables.js';
import { enqueueForSearch } from './search-outbox.js';
import { chunk } from './transaction.js';

const TABLES = { accounts: 'crm_accounts', contacts: 'crm_contacts', leads: 'crm_leads', opportunities: 'crm_opportunities', users: 'crm_users' } as const;
type Table = keyof typeof TABLES;
const TABLE_NAMES = Object.keys(TABLES) as Table[];

function asRejections(rejections: readonly { reason: string }[]): CrmRecordRejection[] {
  return rejections.map((r) => ({ object: 'row', id: null, reason: r.reason }));
}

async function ownersOf(connection: PoolConnection, ids: readonly string[] | null): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  if (ids === null) {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT id, owner_user_id FROM crm_opportunities');
    for (const row of rows) owners.set(String(row['id']), String(row['owner_user_id']));
    return owners;
  }
  for (const part of chunk([...ids], 1000)) {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT id, owner_user_id FROM crm_opportunities WHERE id IN (?)', [part]);
    for (const row of rows) owners.set(String(row['id']), String(row['owner_user_id']));
  }
  return owners;
}

function ownerChanges(before: Map<string, string>, after: readonly { id: string; ownerUserId: string }[]): OwnerChange[] {
  return after.filter((o) => before.has(o.id) && before.get(o.id) !== o.ownerUserId).map((o) => ({ opportunityId: o.id, ownerUserId: o.ownerUserId }));
}

async function finish(connection: PoolConnection, input: CrmApplyInput, kind: CrmRefreshKind, owners: OwnerChange[], counts: { upserted: number; deleted: number }, rejected: CrmRecordRejection[]) {
  const { moved, audit } = await reassignForNewOwners(connection, owners, input.who);
  if (input.searchOutbox && moved.length > 0) await enqueueForSearch(connection, moved);
  await recordCrmRefreshSuccess(connection, { kind, cursor: input.cursor, rejected });
  const entry: AuditAppend = {
    ...input.who,
    action: 'crm.refreshed',
    payload: { source: input.source, kind, upserted: counts.upserted, deleted: counts.deleted, rejected: rejected.length, reassigned: moved.length, requests: input.requests },
  };
  return { value: { kind, ...counts, reassigned: moved.length, rejected }, audit: [entry, ...audit] };
}

async function lockedOrRefuse(connection: PoolConnection, holder: string): Promise<void> {
  if (!(await holdsCrmRefresh(connection, holder))) throw new AppError('crm-unreachable', 'The CRM refresh lease was lost to another instance before the refresh could be saved; nothing was changed.', { retryable: true });
}

/** Replaces the CRM tables with a full read. A read with no valid row at all is refused (an empty CRM would stop every import). */
export async function applyCrmSnapshot(pool: Pool, snapshot: CrmSnapshot, input: CrmApplyInput): Promise<CrmApplyResult> {
  const { snapshot: valid, rejected } = validateCrmSnapshot(snapshot);
  const all = [...input.rejected, ...asRejections(rejected)];
  if (TABLE_NAMES.every((t) => valid[t].length === 0)) throw new AppError('crm-invalid', `The CRM returned no usable record (${all.length} rejected); the previous CRM copy was kept.`);
  return withAuditedTransaction(pool, true, async (connection) => {
    await lockedOrRefuse(connection, input.holder);
    const before = await ownersOf(connection, null);
    let removed = 0;
    for (const table of TABLE_NAMES) {
      const [[row]] = await connection.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${TABLES[table]}`);
      removed += Math.max(0, Number(row?.['n'] ?? 0) - valid[table].length);
    }
    await writeCrm(connection, valid, input.now);
    const upserted = TABLE_NAMES.reduce((n, t) => n + valid[t].length, 0);
    return finish(connection, input, 'full', ownerChanges(before, valid.opportunities), { upserted, deleted: removed }, all);
  }, () => input.now);
}

/** Applies a change set: the named rows deleted, the upserted ones inserted whole. */
export async function applyCrmChanges(pool: Pool, changes: CrmChangeSet, input: CrmApplyInput): Promise<CrmApplyResult> {
  const upserts = validateCrmSnapshot({
    accounts: changes.accounts.upserted,
    contacts: changes.contacts.upserted,
    leads: changes.leads.upserted,
    opportunities: changes.opportunities.upserted,
    users: changes.users.upserted,
  });
  const all = [...input.rejected, ...asRejections(upserts.rejected)];
  const valid = upserts.snapshot;
  return withAuditedTransaction(pool, true, async (connection) => {
    await lockedOrRefuse(connection, input.holder);
    await connection.query('UPDATE crm_revision SET revision = revision + 1, changed_at = ? WHERE id = 1', [input.now]);
    const before = await ownersOf(connection, valid.opportunities.map((o) => o.id));
    let deleted = 0;
    for (const table of TABLE_NAMES) {
      const gone = [...new Set(changes[table].deleted)];
      const replaced = (valid[table] as { id: string }[]).map((r) => r.id);
      for (const part of chunk(gone, 1000)) {
        const [result] = await connection.query<ResultSetHeader>(`DELETE FROM ${TABLES[table]} WHERE id IN (?)`, [part]);
        deleted += result.affectedRows;
      }
      for (const part of chunk(replaced, 1000)) await connection.query(`DELETE FROM ${TABLES[table]} WHERE id IN (?)`, [part]);
      if (table === 'accounts') for (const part of chunk([...gone, ...replaced], 1000)) await connection.query('DELETE FROM crm_account_domains WHERE account_id IN (?)', [part]);
    }
    await insertUpserts(connection, valid);
    const upserted = TABLE_NAMES.reduce((n, t) => n + valid[t].length, 0);
    return finish(connection, input, 'incremental', ownerChanges(before, valid.opportunities), { upserted, deleted }, all);
  }, () => input.now);
}

async function insertUpserts(connection: PoolConnection, rows: CrmSnapshot): Promise<void> {
  const insert = async (target: string, values: unknown[][]) => {
    for (const part of chunk(values, 1000)) await connection.query(`INSERT INTO ${target} VALUES ?`, [part]);
  };
  await insert('crm_accounts (id, name)', rows.accounts.map((a) => [a.id, a.name]));
  await insert('crm_account_domains (account_id, domain, position)', rows.accounts.flatMap((a) => a.domains.map((d, i) => [a.id, d, i])));
  await insert('crm_contacts (id, email, account_id, name)', rows.contacts.map((c) => [c.id, c.email, c.accountId, c.name]));
  await insert('crm_leads (id, email, company, name)', rows.leads.map((l) => [l.id, l.email, l.company, l.name]));
  await insert(
    'crm_opportunities (id, account_id, owner_user_id, stage, is_closed, created_at, close_date, amount)',
    rows.opportunities.map((o) => [o.id, o.accountId, o.ownerUserId, o.stage, o.isClosed, new Date(o.createdAt), o.closeDate, o.amount]),
  );
  await insert('crm_users (id, email, name, signed_up_at, opted_in)', rows.users.map((u) => [u.id, u.email, u.name, u.signedUpAt === null ? null : new Date(u.signedUpAt), u.optedIn]));
}
