/**
 * Issue 18 end to end: the sync against the sandbox tenant over HTTPS and a real MariaDB, with the
 * exclusion lists stored and audited in MariaDB and the capture policy in the settings. Proves, in
 * this order: the work happened (imports and skips counted by reason in the cycle and in health);
 * the sensitivity of a Sent Items copy arrives through Graph's extended property ($expand); an
 * exclusion change is audited with the entry; and a masked card number never reaches the store
 * (every table), the search outbox's documents, the audit log or a log line.
 */
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExclusionDirectory } from '../../../src-main/app/exclusion-directory.js';
import type { CycleSummary } from '../../../src-shared/domain.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import type { SearchChange } from '../../../src-main/store/mail-store.js';
import { captureLogger, type CapturedLog } from '../auth/auth-fixture.js';
import { startSyncHarness, type SyncHarness } from '../sync/sync-harness.js';

const MAILBOX = 'rep@ourco.example';
/** A Visa number with a valid Luhn digit (4111 1111 1111 1111), and written as a customer would. */
const CARD = '4111111111111111';
const CARD_WRITTEN = '4111 1111 1111 1111';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const address = (a: string) => ({ emailAddress: { address: a, name: '' } });

function mail(id: string, folder: string, fields: Record<string, unknown>) {
  return {
    mailbox: MAILBOX,
    folder,
    message: {
      id,
      isDraft: false,
      subject: `Subject ${id}`,
      body: { contentType: 'text', content: `Body of ${id}.` },
      from: address('alice@customer.example'),
      sender: address('alice@customer.example'),
      toRecipients: [address(MAILBOX)],
      ccRecipients: [],
      sentDateTime: hoursAgo(5),
      receivedDateTime: hoursAgo(5),
      internetMessageId: `<${id}@customer.example>`,
      internetMessageHeaders: [],
      ...fields,
    },
  };
}

const envelopes = [
  mail('plain', 'inbox', {}),
  mail('card', 'inbox', { body: { contentType: 'html', content: `<p>Please charge my card ${CARD_WRITTEN}, thanks.</p>` } }),
  mail('private-sent', 'sentitems', {
    from: address(MAILBOX),
    sender: address(MAILBOX),
    toRecipients: [address('alice@customer.example')],
    internetMessageId: '<private-sent@ourco.example>',
    singleValueExtendedProperties: [{ id: 'Integer 0x0036', value: '2' }],
  }),
  mail('partner', 'inbox', { ccRecipients: [address('legal@partner.example')] }),
  mail('mailing', 'inbox', {
    from: address('promo@vendor.example'),
    sender: address('promo@vendor.example'),
    toRecipients: [address(MAILBOX), address('alice@customer.example'), ...Array.from({ length: 18 }, (_, i) => address(`p${i}@ourco.example`))],
  }),
];

const crm = {
  accounts: [{ id: 'A-1', name: 'Customer', domains: ['customer.example'] }],
  contacts: [{ id: 'C-1', email: 'alice@customer.example', accountId: 'A-1', name: 'Alice' }],
  leads: [],
  opportunities: [],
  users: [{ id: 'U-1', email: MAILBOX, name: 'Rep', signedUpAt: hoursAgo(1000), optedIn: true }],
};

let h: SyncHarness;
let log: CapturedLog;
let summary: CycleSummary;

beforeAll(async () => {
  log = captureLogger();
  h = await startSyncHarness({
    sandbox: { envelopes: envelopes as never, crm },
    searchOutbox: true,
    logger: log.logger,
    settings: { capturePolicy: { sensitiveContent: { paymentCard: 'mask' } } },
    exclusions: async (store) => {
      await store.exclusions.change({ add: [{ kind: 'domain', value: 'partner.example', mailbox: null }], removeIds: [] }, { actor: 'admin@ourco.example', source: 'cli', via: 'cli' });
      return loadExclusionDirectory(store.exclusions, log.logger);
    },
  });
  summary = await h.sync.syncNow();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('the capture policy in the sync', () => {
  it('imports the customer mail and skips by the new rules, counted in the cycle and in health', async () => {
    expect(summary.read).toBe(5);
    expect(summary.imported).toBe(2);
    expect(summary.skipped).toEqual({ sensitive: 1, 'excluded-participant': 1, 'mass-mail': 1 });
    const [health] = await h.opened.store.syncState.mailboxHealth([MAILBOX]);
    expect(health?.skipped).toEqual({ sensitive: 1, 'excluded-participant': 1, 'mass-mail': 1 });
    // The masked import is counted too (sensitive-content-masked), in the mailbox's and its Inbox's run.
    expect(health?.masked).toBe(1);
    const folders = await h.opened.store.syncState.folderHealth(MAILBOX);
    expect(folders.reduce((sum, f) => sum + f.masked, 0)).toBe(1);
    expect(await h.opened.store.skipCounts(MAILBOX)).toMatchObject({ sensitive: 1, 'excluded-participant': 1, 'mass-mail': 1 });
  });

  it('records the exclusion change in the audit log with the entry', async () => {
    const pool = await connectMariaDb(h.database.url, { connectionLimit: 1 });
    try {
      const [rows] = await pool.query<RowDataPacket[]>("SELECT actor, payload_json FROM audit_log WHERE action = 'exclusions.changed'");
      expect(rows).toHaveLength(1);
      const payload = typeof rows[0]!['payload_json'] === 'string' ? JSON.parse(rows[0]!['payload_json']) : rows[0]!['payload_json'];
      expect(payload).toEqual({ via: 'cli', added: [{ kind: 'domain', value: 'partner.example', mailbox: null }], removed: [] });
      expect(rows[0]!['actor']).toBe('admin@ourco.example');
    } finally {
      await pool.end();
    }
  });

  it('stores the masked body, and the card number reaches no table, search document, audit entry or log line', async () => {
    const stored = await h.opened.store.listEmails({ limit: 10, offset: 0 });
    const card = stored.items.find((e) => e.internetMessageId === '<card@customer.example>');
    expect(card).toBeDefined();
    const detail = await h.opened.store.emailDetail(card!.id);
    expect(detail?.bodyText).toContain('[card number removed]');

    const pool = await connectMariaDb(h.database.url, { connectionLimit: 1 });
    let dumped = '';
    try {
      const [tables] = await pool.query<RowDataPacket[]>('SHOW TABLES');
      for (const row of tables) {
        const name = String(Object.values(row)[0]);
        const [contents] = await pool.query<RowDataPacket[]>(`SELECT * FROM \`${name}\``);
        dumped += JSON.stringify(contents);
      }
    } finally {
      await pool.end();
    }
    expect(dumped).toContain('[card number removed]');
    expect(dumped).toContain('import.decision');

    const documents: SearchChange[] = [];
    const drained = await h.opened.store.drainSearchOutbox(100, async (changes) => {
      documents.push(...changes);
      return new Map();
    });
    expect(drained.sent).toBe(2);
    const indexed = JSON.stringify(documents);
    expect(indexed).toContain('[card number removed]');

    for (const [where, text] of [['store', dumped], ['search', indexed], ['log', log.text()]] as const) {
      expect(text, where).not.toContain(CARD);
      expect(text, where).not.toContain(CARD_WRITTEN);
    }
    expect(log.text().length).toBeGreaterThan(0);
  });
});
