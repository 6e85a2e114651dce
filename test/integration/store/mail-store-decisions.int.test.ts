/**
 * A message Graph reports again (a full update, a replay, a page read twice) is decided into the
 * counters once (issue 16, point 7): skips and imports that this mailbox decided the same way
 * before come back as `unchanged`, add no skip count, no missing domain and no audit entry; a skip
 * whose rule changed (the CRM changed) counts again; and a stored email never turns into a skip.
 */
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportDecisionRecord } from '../../../src-main/store/mail-store.js';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

const mailbox = 'rita@ours.example';

function skip(itemId: string, rule: ImportDecisionRecord['rule'], externalDomains?: string[]): ImportDecisionRecord {
  return { itemId, verdict: 'skip', rule, folder: 'inbox', fingerprint: itemId.padEnd(64, 'f'), ...(externalDomains ? { externalDomains } : {}) };
}
function imported(itemId: string): ImportDecisionRecord {
  return { itemId, verdict: 'import', rule: 'crm-contact', folder: 'inbox', fingerprint: itemId.padEnd(64, 'e') };
}

describe('re-reported messages', () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const auditDecisions = async () => {
    const [[row]] = await h.pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import.decision'");
    return Number(row?.['n']);
  };
  const missing = async () => {
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT domain, skipped FROM missing_crm_domains ORDER BY domain');
    return rows.map((r) => [r['domain'], Number(r['skipped'])]);
  };

  it('counts a page of new decisions once, and the same page again as unchanged', async () => {
    const email = capturedEmail({ messageKey: 'rr-1@customer.example' });
    const input = page(mailbox, [pageImport('i-1', email)], {
      decisions: [imported('i-1'), skip('s-1', 'internal-only'), skip('s-2', 'no-crm-match', ['newco.example']), skip('s-3', 'automated')],
    });
    expect(await h.store.commitPage(input)).toEqual({ inserted: 1, sightings: 0, skipped: { 'internal-only': 1, 'no-crm-match': 1, automated: 1 }, unchanged: 0 });
    expect(await auditDecisions()).toBe(4);
    expect(await h.store.skipCounts(mailbox)).toEqual({ 'internal-only': 1, 'no-crm-match': 1, automated: 1 });
    expect(await missing()).toEqual([['newco.example', 1]]);

    // Graph reports all four again (a full update, a replay): nothing new is counted or audited.
    expect(await h.store.commitPage({ ...input, nextCursor: 'next-2' })).toEqual({ inserted: 0, sightings: 0, skipped: {}, unchanged: 4 });
    expect(await auditDecisions()).toBe(4);
    expect(await h.store.skipCounts(mailbox)).toEqual({ 'internal-only': 1, 'no-crm-match': 1, automated: 1 });
    expect(await missing()).toEqual([['newco.example', 1]]);
  });

  it('counts an item twice on one page once', async () => {
    const result = await h.store.commitPage(page(mailbox, [], { decisions: [skip('dup-1', 'draft'), skip('dup-1', 'draft')] }));
    expect(result).toEqual({ inserted: 0, sightings: 0, skipped: { draft: 1 }, unchanged: 1 });
  });

  it('counts a skip again when its rule changed, and never turns a stored email into a skip', async () => {
    const before = await auditDecisions();
    const changed = await h.store.commitPage(page(mailbox, [], { decisions: [skip('s-2', 'automated'), skip('i-1', 'internal-only')] }));
    expect(changed).toEqual({ inserted: 0, sightings: 0, skipped: { automated: 1 }, unchanged: 1 });
    expect(await auditDecisions()).toBe(before + 1);
    expect(await h.store.skipCounts(mailbox)).toEqual({ 'internal-only': 1, 'no-crm-match': 1, automated: 2, draft: 1 });
  });

  it('keeps each mailbox apart: the same item id in another mailbox is new there', async () => {
    const result = await h.store.commitPage(page('sam@ours.example', [], { decisions: [skip('s-1', 'internal-only')] }));
    expect(result).toEqual({ inserted: 0, sightings: 0, skipped: { 'internal-only': 1 }, unchanged: 0 });
  });

  it('stores only a hash of the item id for a skip, never the id or any content', async () => {
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT * FROM skip_decisions WHERE mailbox = ?', [mailbox]);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['decided_at', 'item_hash', 'mailbox', 'reason_code']);
      expect((row['item_hash'] as Buffer).length).toBe(32);
      expect(JSON.stringify(row)).not.toMatch(/"s-\d"|dup-1/);
    }
  });
});
