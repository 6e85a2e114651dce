/**
 * Which of a page's decisions are new (migration 006 explains why): an import is new when this
 * mailbox had no sighting of its Graph id before this page, a skip when this mailbox had not
 * skipped that Graph id by the same rule. Only new decisions count (skips by reason, missing
 * domains) and are audited; the rest are "unchanged" re-reports. Runs inside the page's
 * transaction, after the sightings were read; the skip rows are read without locks (the mailbox's
 * lease makes the page their only writer) and upserted in key order.
 */
import { createHash } from 'node:crypto';
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { ReasonCode } from '../../src-shared/domain.js';
import type { ImportDecisionRecord } from './mail-store.js';
import { chunk } from './transaction.js';

export type SettledDecisions = { counted: ImportDecisionRecord[]; unchanged: number };

const itemHash = (itemId: string): Buffer => createHash('sha256').update(itemId, 'utf8').digest();

/**
 * `knownImports`: Graph ids of this page's imports that already had a sighting in this mailbox;
 * `sighted`: of the page's skipped items, those this mailbox stored as an import before (a re-report
 * of a stored email never becomes a skip).
 */
export async function settleDecisions(
  connection: PoolConnection,
  mailbox: string,
  decisions: readonly ImportDecisionRecord[],
  knownImports: ReadonlySet<string>,
  now: Date,
): Promise<SettledDecisions> {
  const counted: ImportDecisionRecord[] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  const skips: ImportDecisionRecord[] = [];
  for (const decision of decisions) {
    // The same item twice in one page (Graph repeats items across and within pages).
    if (seen.has(decision.itemId)) {
      unchanged += 1;
      continue;
    }
    seen.add(decision.itemId);
    if (decision.verdict === 'import') {
      if (knownImports.has(decision.itemId)) unchanged += 1;
      else counted.push(decision);
    } else skips.push(decision);
  }
  if (skips.length === 0) return { counted, unchanged };

  const byHash = new Map(skips.map((d) => [itemHash(d.itemId).toString('hex'), d]));
  const sortedHashes = [...byHash.keys()].sort();
  const previous = new Map<string, string>();
  // Non-locking, like the sightings read (commit-page.ts): the mailbox's lease makes this page the
  // only writer of its skip rows, and the upsert below is idempotent.
  for (const part of chunk(sortedHashes, 500)) {
    const [rows] = await connection.query<RowDataPacket[]>(
      'SELECT HEX(item_hash) AS h, reason_code FROM skip_decisions WHERE mailbox = ? AND item_hash IN (?)',
      [mailbox, part.map((h) => Buffer.from(h, 'hex'))],
    );
    for (const row of rows) previous.set(String(row['h']).toLowerCase(), String(row['reason_code']));
  }
  const sighted = await sightedIds(connection, mailbox, skips.map((d) => d.itemId));
  const changed: [Buffer, ReasonCode][] = [];
  for (const hash of sortedHashes) {
    const decision = byHash.get(hash) as ImportDecisionRecord;
    if (previous.get(hash) === decision.rule || sighted.has(decision.itemId)) {
      unchanged += 1;
      continue;
    }
    counted.push(decision);
    changed.push([Buffer.from(hash, 'hex'), decision.rule]);
  }
  for (const part of chunk(changed, 1000)) {
    await connection.query(
      'INSERT INTO skip_decisions (mailbox, item_hash, reason_code, decided_at) VALUES ? ON DUPLICATE KEY UPDATE reason_code = VALUES(reason_code), decided_at = VALUES(decided_at)',
      [part.map(([hash, rule]) => [mailbox, hash, rule, now])],
    );
  }
  return { counted, unchanged };
}

/** Graph ids this mailbox decided before: a sighting, or a skip (by the hash of the id). */
export async function knownItemIds(connection: Pick<PoolConnection, 'query'>, mailbox: string, itemIds: readonly string[]): Promise<Set<string>> {
  const known = await sightedIds(connection, mailbox, itemIds);
  const rest = itemIds.filter((id) => !known.has(id));
  const byHash = new Map(rest.map((id) => [itemHash(id).toString('hex'), id]));
  for (const part of chunk([...byHash.keys()], 500)) {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT HEX(item_hash) AS h FROM skip_decisions WHERE mailbox = ? AND item_hash IN (?)', [mailbox, part.map((h) => Buffer.from(h, 'hex'))]);
    for (const row of rows) {
      const id = byHash.get(String(row['h']).toLowerCase());
      if (id !== undefined) known.add(id);
    }
  }
  return known;
}

async function sightedIds(connection: Pick<PoolConnection, 'query'>, mailbox: string, itemIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunk(itemIds, 500)) {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT graph_id FROM email_sightings WHERE mailbox = ? AND graph_id IN (?)', [mailbox, part]);
    for (const row of rows) found.add(String(row['graph_id']));
  }
  return found;
}

/** Skips by reason, and external domains of no-crm-match skips, of the counted decisions. */
export function tallySkips(counted: readonly ImportDecisionRecord[]): { skipped: Partial<Record<ReasonCode, number>>; missingDomains: Record<string, number> } {
  const skipped: Partial<Record<ReasonCode, number>> = {};
  const missingDomains: Record<string, number> = {};
  for (const decision of counted) {
    if (decision.verdict !== 'skip') continue;
    skipped[decision.rule] = (skipped[decision.rule] ?? 0) + 1;
    if (decision.rule === 'no-crm-match') for (const domain of decision.externalDomains ?? []) missingDomains[domain] = (missingDomains[domain] ?? 0) + 1;
  }
  return { skipped, missingDomains };
}
