/**
 * The CRM tables hold a snapshot, replaced as a whole (CSV import or a customer's ETL): readers
 * must never see half of an old and half of a new directory, so replacement is one transaction,
 * which also bumps crm_revision so that every instance notices the change cheaply.
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import type { CrmSnapshot } from '@correspondent/contract';
import { chunk } from './transaction.js';

const ROWS_PER_INSERT = 1000;
const CRM_TABLES = ['crm_account_domains', 'crm_accounts', 'crm_contacts', 'crm_leads', 'crm_opportunities', 'crm_users'] as const;

export async function writeCrm(connection: PoolConnection, snapshot: CrmSnapshot, now: Date): Promise<void> {
  // Taken first: concurrent replacements queue here instead of interleaving their deletes and inserts.
  await connection.query('UPDATE crm_revision SET revision = revision + 1, changed_at = ? WHERE id = 1', [now]);
  for (const table of CRM_TABLES) await connection.query(`DELETE FROM ${table}`);
  await insertRows(connection, 'crm_accounts (id, name)', snapshot.accounts.map((a) => [a.id, a.name]));
  await insertRows(
    connection,
    'crm_account_domains (account_id, domain, position)',
    snapshot.accounts.flatMap((a) => [...new Set(a.domains)].map((domain, position) => [a.id, domain, position])),
  );
  await insertRows(connection, 'crm_contacts (id, email, account_id, name)', snapshot.contacts.map((c) => [c.id, c.email, c.accountId, c.name]));
  await insertRows(connection, 'crm_leads (id, email, company, name)', snapshot.leads.map((l) => [l.id, l.email, l.company, l.name]));
  await insertRows(
    connection,
    'crm_opportunities (id, account_id, owner_user_id, stage, is_closed, created_at, close_date, amount)',
    snapshot.opportunities.map((o) => [o.id, o.accountId, o.ownerUserId, o.stage, o.isClosed, new Date(o.createdAt), o.closeDate, o.amount]),
  );
  await insertRows(
    connection,
    'crm_users (id, email, name, signed_up_at, opted_in)',
    snapshot.users.map((u) => [u.id, u.email, u.name, u.signedUpAt === null ? null : new Date(u.signedUpAt), u.optedIn]),
  );
}

/** The CRM change detector (docs/crm-tables.md): replaceCrm and a customer's ETL both bump it. */
export async function readCrmRevision(pool: Pool): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT revision FROM crm_revision WHERE id = 1');
  return Number(rows[0]?.['revision'] ?? 0);
}

async function insertRows(connection: PoolConnection, target: string, rows: unknown[][]): Promise<void> {
  for (const part of chunk(rows, ROWS_PER_INSERT)) await connection.query(`INSERT INTO ${target} VALUES ?`, [part]);
}

const bool = z.union([z.boolean(), z.number()]).transform((value) => Boolean(value));
const accountRow = z.object({ id: z.string(), name: z.string() });
const domainRow = z.object({ account_id: z.string(), domain: z.string() });
const contactRow = z.object({ id: z.string(), email: z.string(), account_id: z.string().nullable(), name: z.string() });
const leadRow = z.object({ id: z.string(), email: z.string(), company: z.string(), name: z.string() });
const opportunityRow = z.object({
  id: z.string(),
  account_id: z.string(),
  owner_user_id: z.string(),
  stage: z.string(),
  is_closed: bool,
  created_at: z.date(),
  close_date: z.string().nullable(),
  amount: z.number().nullable(),
});
const userRow = z.object({ id: z.string(), email: z.string(), name: z.string(), signed_up_at: z.date().nullable(), opted_in: bool });

export async function readCrm(pool: Pool): Promise<CrmSnapshot> {
  const select = async <T>(sql: string, schema: z.ZodType<T>): Promise<T[]> => {
    const [rows] = await pool.query<RowDataPacket[]>(sql);
    return rows.map((row) => schema.parse(row));
  };
  const domains = await select('SELECT account_id, domain FROM crm_account_domains ORDER BY account_id, position', domainRow);
  const domainsOf = new Map<string, string[]>();
  for (const row of domains) domainsOf.set(row.account_id, [...(domainsOf.get(row.account_id) ?? []), row.domain]);
  return {
    accounts: (await select('SELECT id, name FROM crm_accounts ORDER BY id', accountRow)).map((a) => ({
      id: a.id,
      name: a.name,
      domains: domainsOf.get(a.id) ?? [],
    })),
    contacts: (await select('SELECT id, email, account_id, name FROM crm_contacts ORDER BY id', contactRow)).map((c) => ({
      id: c.id,
      email: c.email,
      accountId: c.account_id,
      name: c.name,
    })),
    leads: await select('SELECT id, email, company, name FROM crm_leads ORDER BY id', leadRow),
    opportunities: (
      await select(
        'SELECT id, account_id, owner_user_id, stage, is_closed, created_at, close_date, amount FROM crm_opportunities ORDER BY id',
        opportunityRow,
      )
    ).map((o) => ({
      id: o.id,
      accountId: o.account_id,
      ownerUserId: o.owner_user_id,
      stage: o.stage,
      isClosed: o.is_closed,
      createdAt: o.created_at.toISOString(),
      closeDate: o.close_date,
      amount: o.amount,
    })),
    users: (await select('SELECT id, email, name, signed_up_at, opted_in FROM crm_users ORDER BY id', userRow)).map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      signedUpAt: u.signed_up_at === null ? null : u.signed_up_at.toISOString(),
      optedIn: u.opted_in,
    })),
  };
}
