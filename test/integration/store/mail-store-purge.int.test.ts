import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

const by = { actor: 'admin@ours.example', source: 'cli' };
const NOW = new Date('2024-06-01T00:00:00.000Z');

describe('MariaDbMailStore purge and retention', () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness({ searchOutbox: true, clock: () => NOW });
  });
  afterAll(async () => {
    await h.close();
  });

  const keys = async (): Promise<string[]> => {
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT message_key FROM emails ORDER BY message_key');
    return rows.map((r) => String(r['message_key']));
  };
  const outboxFor = async (key: string): Promise<number> => {
    const [[row]] = await h.pool.query<RowDataPacket[]>('SELECT id FROM emails WHERE message_key = ?', [key]);
    const [[n]] = await h.pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM search_outbox WHERE email_id = ?', [row?.['id']]);
    return Number(n?.['n']);
  };
  const lastAudit = async () => {
    const [[row]] = await h.pool.query<RowDataPacket[]>('SELECT actor, source, action, payload_json FROM audit_log ORDER BY seq DESC LIMIT 1');
    const payload: unknown = row?.['payload_json'];
    return { ...row, payload_json: typeof payload === 'string' ? JSON.parse(payload) : payload };
  };
  const reset = async () => {
    await h.pool.query('DELETE FROM emails');
    await h.pool.query('DELETE FROM search_outbox');
  };

  it('deletes every email a contact took part in, queues the index deletes, and audits without the address', async () => {
    await reset();
    await h.store.commitPage(
      page('alice@ours.example', [
        pageImport('c1', capturedEmail({ messageKey: 'from-her@x', from: { address: 'her@customer.example', name: '' } })),
        pageImport('c2', capturedEmail({ messageKey: 'cc-her@x', cc: [{ address: 'her@customer.example', name: '' }] })),
        pageImport('c3', capturedEmail({ messageKey: 'not-her@x' })),
      ]),
    );
    const [[ids]] = await h.pool.query<RowDataPacket[]>("SELECT GROUP_CONCAT(id ORDER BY id) AS ids FROM emails WHERE message_key IN ('from-her@x', 'cc-her@x')");
    await h.pool.query('DELETE FROM search_outbox');

    expect(await h.store.purge({ kind: 'contact', address: ' Her@Customer.example ' }, by)).toEqual({ emails: 2, sightingsRemoved: 0 });
    expect(await keys()).toEqual(['not-her@x']);
    const [queued] = await h.pool.query<RowDataPacket[]>('SELECT email_id FROM search_outbox ORDER BY email_id');
    expect(queued.map((r) => String(r['email_id'])).join(',')).toBe(String(ids?.['ids']));
    const [[orphans]] = await h.pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM email_participants WHERE address = 'her@customer.example'");
    expect(Number(orphans?.['n'])).toBe(0);
    const audit = await lastAudit();
    expect(audit).toMatchObject({ actor: 'admin@ours.example', source: 'cli', action: 'emails.purge' });
    expect(audit.payload_json).toMatchObject({ target: { kind: 'contact' }, emails: 2 });
    expect(JSON.stringify(audit.payload_json)).not.toContain('her@customer.example');
  });

  it('deletes a domain with its subdomains but not a lookalike domain', async () => {
    await reset();
    await h.store.commitPage(
      page('alice@ours.example', [
        pageImport('d1', capturedEmail({ messageKey: 'apex@x', from: { address: 'a@gone.example', name: '' } })),
        pageImport('d2', capturedEmail({ messageKey: 'sub@x', from: { address: 'b@eu.gone.example', name: '' } })),
        pageImport('d3', capturedEmail({ messageKey: 'lookalike@x', from: { address: 'c@notgone.example', name: '' } })),
      ]),
    );
    expect(await h.store.purge({ kind: 'domain', domain: 'Gone.Example' }, by)).toMatchObject({ emails: 2 });
    expect(await keys()).toEqual(['lookalike@x']);
    expect((await lastAudit()).payload_json).toMatchObject({ target: { kind: 'domain', domain: 'gone.example' }, emails: 2 });
  });

  it('for a mailbox, deletes what only it saw, keeps shared emails and reassigns them', async () => {
    await reset();
    const shared = capturedEmail({
      messageKey: 'shared@x',
      to: [{ address: 'leaver@ours.example', name: '' }, { address: 'stayer@ours.example', name: '' }],
    });
    await h.store.commitPage(page('leaver@ours.example', [pageImport('m1', shared), pageImport('m2', capturedEmail({ messageKey: 'only-leaver@x' }))]));
    await h.store.commitPage(page('stayer@ours.example', [pageImport('m3', shared)]));
    await h.pool.query('DELETE FROM search_outbox');

    expect(await h.store.purge({ kind: 'mailbox', address: 'leaver@ours.example' }, by)).toEqual({ emails: 1, sightingsRemoved: 1 });
    expect(await keys()).toEqual(['shared@x']);
    const { items } = await h.store.listEmails({ limit: 10, offset: 0 });
    expect(items[0]).toMatchObject({ mailboxes: ['stayer@ours.example'], assignedTo: 'stayer@ours.example' });
    expect(await outboxFor('shared@x')).toBe(1);
  });

  it('refuses a target that is not an address or a domain', async () => {
    await expect(h.store.purge({ kind: 'contact', address: 'nobody' }, by)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(h.store.purge({ kind: 'domain', domain: '%' }, by)).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('deletes emails older than the retention period and audits it', async () => {
    await reset();
    await h.store.commitPage(
      page('alice@ours.example', [
        pageImport('r1', capturedEmail({ messageKey: 'old@x', sentAt: '2024-04-01T23:59:59.000Z' })),
        pageImport('r2', capturedEmail({ messageKey: 'recent@x', sentAt: '2024-04-02T00:00:01.000Z' })),
      ]),
    );
    expect(await h.store.purgeOlderThan(60, { actor: 'retention', source: 'store' })).toEqual({ emails: 1, sightingsRemoved: 0 });
    expect(await keys()).toEqual(['recent@x']);
    expect(await lastAudit()).toMatchObject({ action: 'emails.retention', payload_json: { days: 60, emails: 1 } });
    await expect(h.store.purgeOlderThan(0, by)).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
