/**
 * The audit page's filter runs in MariaDB: actor (contains, case-insensitive) and mailbox (the
 * payload's `mailbox`, or one of a cycle's errors) narrow both the list and the export, and a
 * LIKE wildcard in the text matches only itself.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAudit } from '../../../src-main/audit/audit-export.js';
import { createAuditLog } from '../../../src-main/audit/audit-log.js';
import { MariaDbAuditStore } from '../../../src-main/store/mariadb-audit-store.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

const clock = () => new Date('2025-06-01T12:00:00.000Z');

describe('audit filter by actor and mailbox', () => {
  let h: StoreHarness;
  let store: MariaDbAuditStore;
  beforeAll(async () => {
    h = await createStoreHarness({ clock });
    store = new MariaDbAuditStore(h.pool);
    const log = createAuditLog({ store, clock });
    await log.recordAll([
      { actor: 'Megan@Contoso.example', source: 'headless', action: 'mailbox.optedIn', payload: { mailbox: 'alex@contoso.example' } },
      { actor: 'megan@contoso.example', source: 'headless', action: 'mailbox.optedOut', payload: { mailbox: 'a_x@contoso.example' } },
      { actor: 'worker-1', source: 'sync', action: 'sync.started', payload: { mailbox: null, trigger: 'schedule' } },
      { actor: 'worker-1', source: 'sync', action: 'sync.failed', payload: { mailbox: 'ALEX@contoso.example', code: 'throttled', message: 'm' } },
      { actor: 'admin', source: 'cli', action: 'settings.changed', payload: { changes: [{ key: 'blockedDomains', before: [], after: ['alex@contoso.example'] }] } },
    ]);
  });
  afterAll(async () => h.close());

  const list = async (filter: { actor?: string; mailbox?: string }) => (await store.read({ ...filter, order: 'asc', limit: 100 })).map((r) => r.action);

  it('matches the actor as contained text, case-insensitive', async () => {
    expect(await list({ actor: 'MEGAN' })).toEqual(['mailbox.optedIn', 'mailbox.optedOut']);
    expect(await list({ actor: 'worker' })).toEqual(['sync.started', 'sync.failed']);
    expect(await list({ actor: '%' })).toEqual([]);
  });

  it('matches the mailbox named by the entry, not an address that merely appears in a setting', async () => {
    expect(await list({ mailbox: 'alex@contoso.example' })).toEqual(['mailbox.optedIn', 'sync.failed']);
    // `_` is a LIKE wildcard: escaped, "a_x" does not match "alex"-like addresses and matches itself.
    expect(await list({ mailbox: 'a_x@contoso.example' })).toEqual(['mailbox.optedOut']);
    expect(await list({ mailbox: 'a_e_@contoso.example' })).toEqual([]);
    expect(await list({ mailbox: 'alex@contoso.example', actor: 'megan' })).toEqual(['mailbox.optedIn']);
  });

  it('finds a mailbox among a cycle\'s errors', async () => {
    await createAuditLog({ store, clock }).record({
      actor: 'worker-2',
      source: 'sync',
      action: 'sync.cycle',
      payload: { mailboxes: 2, read: 5, imported: 0, skipped: {}, durationMs: 10, errors: [{ mailbox: 'nina@contoso.example', state: 'error', message: 'x' }] },
    });
    expect(await list({ mailbox: 'Nina@Contoso.example' })).toEqual(['sync.cycle']);
  });

  it('exports exactly what the filter lists', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const result = await exportAudit(store, out, { format: 'jsonl', from: null, to: null, actions: null, actor: 'megan', mailbox: null });
    out.end();
    expect(result.entries).toBe(2);
    expect(chunks.join('').trim().split('\n').map((l) => (JSON.parse(l) as { action: string }).action)).toEqual(['mailbox.optedIn', 'mailbox.optedOut']);
  });
});
