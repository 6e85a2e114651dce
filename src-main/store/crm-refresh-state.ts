/**
 * The CRM connection and refresh rows (migration 012). The refresh lease works like a mailbox
 * lease: a claim locks the row (FOR UPDATE), takes it when it is free or its holder's lease ran
 * out, and records the attempt; a refresh that finished within `freshMs` is not repeated, so the
 * workers starting their cycles together share one refresh. A failure keeps the cursor and the
 * CRM tables as they were and records the error; times are the database's.
 */
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { crmFieldMappingSchema, type CrmFieldMapping } from '../../src-shared/crm-connection.js';
import type { CrmRecordRejection, CrmSource } from '../crm/connectors/crm-connector.js';
import { CRM_SOURCES } from '../crm/connectors/crm-connector.js';
import { withTransaction } from './transaction.js';

export type CrmConnectionRow = { source: CrmSource; settings: Record<string, unknown> | null; fieldMapping: CrmFieldMapping | null; updatedAt: string | null };

export type CrmRefreshKind = 'full' | 'incremental';

export type CrmRefreshState = {
  holder: string | null;
  leaseLive: boolean;
  cursor: string | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastKind: CrmRefreshKind | null;
  lastFullAt: string | null;
  error: { code: string; message: string; at: string } | null;
  rejectedCount: number;
  rejectedSample: CrmRecordRejection[];
};

export type CrmRefreshClaim = { claimed: true; state: CrmRefreshState } | { claimed: false; reason: 'held' | 'fresh'; state: CrmRefreshState };

const MICROS_PER_MS = 1000;
const SAMPLE = 20;
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
const rejectionSchema = z.array(z.object({ object: z.string(), id: z.string().nullable(), reason: z.string() }));

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function readCrmConnection(pool: Pool | PoolConnection): Promise<CrmConnectionRow> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT source, settings_json, field_mapping_json, updated_at FROM crm_connection WHERE id = 1');
  const row = rows[0];
  const source = CRM_SOURCES.find((s) => s === row?.['source']) ?? 'csv';
  const mapping = crmFieldMappingSchema.safeParse(parseJson(row?.['field_mapping_json']));
  const settings = parseJson(row?.['settings_json']);
  return {
    source,
    settings: settings && typeof settings === 'object' ? (settings as Record<string, unknown>) : null,
    fieldMapping: mapping.success ? mapping.data : null,
    updatedAt: iso(row?.['updated_at']),
  };
}

/** Saves the connection; a change of CRM (or of its settings) forgets the cursor: the next refresh is full. */
export async function saveCrmConnection(pool: Pool, row: Omit<CrmConnectionRow, 'updatedAt'>, by: string, now: Date): Promise<void> {
  await withTransaction(pool, async (connection) => {
    await connection.query('UPDATE crm_connection SET source = ?, settings_json = ?, field_mapping_json = ?, updated_at = ?, updated_by = ? WHERE id = 1', [
      row.source,
      row.settings === null ? null : JSON.stringify(row.settings),
      row.fieldMapping === null ? null : JSON.stringify(row.fieldMapping),
      now,
      by,
    ]);
    await connection.query('UPDATE crm_refresh_state SET cursor_text = NULL, last_error_code = NULL, last_error_message = NULL, last_error_at = NULL WHERE id = 1');
  });
}

/** Only the field mapping changed: the cursor is kept, but the next refresh is full (rows map differently). */
export async function saveCrmFieldMapping(pool: Pool, mapping: CrmFieldMapping, by: string, now: Date): Promise<void> {
  await withTransaction(pool, async (connection) => {
    await connection.query('UPDATE crm_connection SET field_mapping_json = ?, updated_at = ?, updated_by = ? WHERE id = 1', [JSON.stringify(mapping), now, by]);
    await connection.query('UPDATE crm_refresh_state SET cursor_text = NULL WHERE id = 1');
  });
}

function stateOf(row: RowDataPacket | undefined): CrmRefreshState {
  const sample = rejectionSchema.safeParse(parseJson(row?.['rejected_sample_json']));
  const errorAt = iso(row?.['last_error_at']);
  const kind = row?.['last_kind'];
  return {
    holder: row?.['holder'] == null ? null : String(row['holder']),
    leaseLive: Number(row?.['lease_live'] ?? 0) === 1,
    cursor: typeof row?.['cursor_text'] === 'string' ? row['cursor_text'] : null,
    lastAttemptAt: iso(row?.['last_attempt_at']),
    lastSuccessAt: iso(row?.['last_success_at']),
    lastKind: kind === 'full' || kind === 'incremental' ? kind : null,
    lastFullAt: iso(row?.['last_full_at']),
    error: errorAt && row?.['last_error_code'] ? { code: String(row['last_error_code']), message: String(row['last_error_message'] ?? ''), at: errorAt } : null,
    rejectedCount: Number(row?.['rejected_count'] ?? 0),
    rejectedSample: sample.success ? sample.data : [],
  };
}

const STATE_SQL = `SELECT *, (holder IS NOT NULL AND lease_expires_at >= NOW(3)) AS lease_live,
  (last_success_at IS NOT NULL AND last_success_at >= NOW(3) - INTERVAL ? MICROSECOND) AS fresh FROM crm_refresh_state WHERE id = 1`;

export async function readCrmRefreshState(pool: Pool | PoolConnection): Promise<CrmRefreshState> {
  const [rows] = await pool.query<RowDataPacket[]>(STATE_SQL, [0]);
  return stateOf(rows[0]);
}

/** Takes the refresh lease unless another live holder has it or (not forced) a refresh finished within `freshMs`. */
export async function claimCrmRefresh(pool: Pool, holder: string, options: { ttlMs: number; freshMs: number; force: boolean }): Promise<CrmRefreshClaim> {
  return withTransaction(pool, async (connection) => {
    const [rows] = await connection.query<RowDataPacket[]>(`${STATE_SQL} FOR UPDATE`, [Math.round(options.freshMs * MICROS_PER_MS)]);
    const row = rows[0];
    const state = stateOf(row);
    if (state.leaseLive && state.holder !== holder) return { claimed: false, reason: 'held', state };
    if (!options.force && Number(row?.['fresh'] ?? 0) === 1) return { claimed: false, reason: 'fresh', state };
    await connection.query('UPDATE crm_refresh_state SET holder = ?, lease_expires_at = NOW(3) + INTERVAL ? MICROSECOND, last_attempt_at = NOW(3) WHERE id = 1', [
      holder,
      Math.round(options.ttlMs * MICROS_PER_MS),
    ]);
    return { claimed: true, state: { ...state, holder, leaseLive: true } };
  });
}

/** Inside the apply's transaction: the row locked, and still ours (a lost lease changes nothing). */
export async function holdsCrmRefresh(connection: PoolConnection, holder: string): Promise<boolean> {
  const [rows] = await connection.query<RowDataPacket[]>('SELECT holder FROM crm_refresh_state WHERE id = 1 FOR UPDATE');
  return rows[0]?.['holder'] === holder;
}

export async function recordCrmRefreshSuccess(connection: PoolConnection, outcome: { kind: CrmRefreshKind; cursor: string; rejected: readonly CrmRecordRejection[] }): Promise<void> {
  await connection.query(
    `UPDATE crm_refresh_state SET holder = NULL, lease_expires_at = NULL, cursor_text = ?, last_success_at = NOW(3), last_kind = ?,
       last_full_at = IF(? = 'full', NOW(3), last_full_at), last_error_code = NULL, last_error_message = NULL, last_error_at = NULL,
       rejected_count = ?, rejected_sample_json = ? WHERE id = 1`,
    [outcome.cursor, outcome.kind, outcome.kind, outcome.rejected.length, JSON.stringify(outcome.rejected.slice(0, SAMPLE))],
  );
}

/** A failed refresh: the error recorded, the lease released, the cursor and tables untouched. */
export async function recordCrmRefreshFailure(pool: Pool, holder: string, error: { code: string; message: string }, options: { forgetCursor: boolean }): Promise<void> {
  await pool.query(
    `UPDATE crm_refresh_state SET holder = NULL, lease_expires_at = NULL, last_error_code = ?, last_error_message = ?, last_error_at = NOW(3)
       ${options.forgetCursor ? ', cursor_text = NULL' : ''} WHERE id = 1 AND (holder = ? OR holder IS NULL)`,
    [error.code.slice(0, 64), error.message.slice(0, 1000), holder],
  );
}

export async function crmTableCounts(pool: Pool): Promise<Record<'accounts' | 'contacts' | 'leads' | 'opportunities' | 'users', number>> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT (SELECT COUNT(*) FROM crm_accounts) AS accounts, (SELECT COUNT(*) FROM crm_contacts) AS contacts, (SELECT COUNT(*) FROM crm_leads) AS leads,
            (SELECT COUNT(*) FROM crm_opportunities) AS opportunities, (SELECT COUNT(*) FROM crm_users) AS users`,
  );
  const row = (rows[0] ?? {}) as Record<string, unknown>;
  return { accounts: Number(row['accounts'] ?? 0), contacts: Number(row['contacts'] ?? 0), leads: Number(row['leads'] ?? 0), opportunities: Number(row['opportunities'] ?? 0), users: Number(row['users'] ?? 0) };
}

/** When the CRM tables last changed by any path (crm_revision.changed_at): a CSV import or an ETL too. */
export async function crmTablesChangedAt(pool: Pool): Promise<string | null> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT changed_at FROM crm_revision WHERE id = 1');
  return iso(rows[0]?.['changed_at']);
}
