/**
 * The database grants that make the audit log append-only for the application (docs/audit.md).
 * MariaDB cannot grant "everything but DELETE on one table", so the application's account gets
 * its database-wide rights without UPDATE and DELETE, and UPDATE, DELETE table by table on every
 * table except audit_log. Trimming the log is the separate audit-admin account's job (SELECT,
 * INSERT, DELETE on audit_log only). Tables added by later migrations need the statements again.
 */
import mysql from 'mysql2/promise';
import type { Pool, RowDataPacket } from 'mysql2/promise';

export const AUDIT_TABLE = 'audit_log';

/** An account as MariaDB names it, e.g. { user: 'correspondent', host: '%' }. */
export type DbAccount = { user: string; host: string };

export function accountSql(account: DbAccount): string {
  return `${mysql.escape(account.user)}@${mysql.escape(account.host)}`;
}

export function auditGrantStatements(options: { database: string; tables: readonly string[]; app: DbAccount; admin: DbAccount }): string[] {
  const db = mysql.escapeId(options.database);
  const app = accountSql(options.app);
  const admin = accountSql(options.admin);
  return [
    `GRANT SELECT, INSERT, CREATE, ALTER, INDEX, REFERENCES, CREATE TEMPORARY TABLES ON ${db}.* TO ${app}`,
    ...options.tables
      .filter((table) => table !== AUDIT_TABLE)
      .sort()
      .map((table) => `GRANT UPDATE, DELETE ON ${db}.${mysql.escapeId(table)} TO ${app}`),
    `GRANT SELECT, INSERT, DELETE ON ${db}.${mysql.escapeId(AUDIT_TABLE)} TO ${admin}`,
  ];
}

/** The base tables of the connected database (after migrations), for auditGrantStatements. */
export async function listTables(pool: Pool): Promise<{ database: string; tables: string[] }> {
  const [[row]] = await pool.query<RowDataPacket[]>('SELECT DATABASE() AS name');
  const database = String(row?.['name'] ?? '');
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name",
    [database],
  );
  return { database, tables: rows.map((r) => String(r['name'])) };
}
