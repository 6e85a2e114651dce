/**
 * The console's rule preview: input parsing (pasted Graph JSON, .eml), the bounded mailbox read,
 * and the handler's answer (no content for skipped mail, reciprocity from stored mail).
 */
import { AppError } from '../../../src-shared/errors.js';
import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../src-shared/settings.js';
import { PREVIEW_MAX_MESSAGES } from '../../../src-shared/preview.js';
import { NO_EXCLUSIONS } from '../../../src-main/app/exclusion-directory.js';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import type { GraphMailReader } from '../../../src-main/graph/graph-mail-reader.js';
import { readMailboxesForPreview } from '../../../src-main/graph/preview-reader.js';
import { envelopesFromEml, envelopesFromGraphJson } from '../../../src-main/app/preview-sources.js';
import { runConsolePreview, type PreviewHandlerDeps } from '../../../src-main/app/handlers/preview-handlers.js';
import { message, recipient, snapshot } from '../rules/rule-fixtures.js';
import { fakeReader } from './fake-preview-reader.js';

const ORG = ['ourco.example'];

describe('envelopesFromGraphJson', () => {
  it('reads one message, an array, a Graph page and JSON lines alike', () => {
    const one = JSON.stringify(message({ id: 'a' }));
    expect(envelopesFromGraphJson(one, ORG)).toEqual([{ id: 'a', mailbox: 'me@ourco.example', folder: 'inbox', message: JSON.parse(one) }]);
    expect(envelopesFromGraphJson(JSON.stringify([message({ id: 'a' }), message({ id: 'b' })]), ORG).map((e) => e.id)).toEqual(['a', 'b']);
    expect(envelopesFromGraphJson(JSON.stringify({ value: [message({ id: 'p' })] }), ORG).map((e) => e.id)).toEqual(['p']);
    const lines = [JSON.stringify({ mailbox: 'you@ourco.example', folder: 'archive', message: message({ id: 'l1' }) }), '', JSON.stringify(message({ id: 'l2' }))].join('\n');
    expect(envelopesFromGraphJson(lines, ORG)).toMatchObject([
      { id: 'l1', mailbox: 'you@ourco.example', folder: 'archive' },
      { id: 'l2', mailbox: 'me@ourco.example', folder: 'inbox' },
    ]);
  });

  it('places mail our side sent in the sender Sent Items, and gives unplaceable or non-object items a line of their own', () => {
    const sent = message({ id: 's', from: recipient('me@ourco.example'), toRecipients: [recipient('alice@customer.example')] });
    const stranger = message({ id: 'x', toRecipients: [recipient('bob@else.example')] });
    expect(envelopesFromGraphJson(JSON.stringify([sent, stranger, 'text']), ORG)).toMatchObject([
      { id: 's', mailbox: 'me@ourco.example', folder: 'sentitems' },
      { id: 'x', problem: expect.stringContaining('organisation domain') },
      { id: 'item 3', problem: 'item 3 is not a JSON object' },
    ]);
  });

  it('refuses text that is not JSON, naming the line, and more messages than a preview takes', () => {
    expect(() => envelopesFromGraphJson('{"id": "a"}\n{oops', ORG)).toThrow(/Line 2 is not valid JSON/);
    const many = JSON.stringify(Array.from({ length: PREVIEW_MAX_MESSAGES + 1 }, (_v, i) => message({ id: `m${i}` })));
    expect(() => envelopesFromGraphJson(many, ORG)).toThrow(/at most 500/);
  });
});

describe('envelopesFromEml', () => {
  const eml = (from: string, to: string) =>
    [`From: ${from}`, `To: ${to}`, 'Subject: Order', 'Date: Thu, 02 May 2024 10:00:00 +0000', 'Message-ID: <o-1@customer.example>', '', 'Body', ''].join('\r\n');

  it('puts a file in the Inbox of its first organisation To address, like preview --eml', async () => {
    const [envelope] = await envelopesFromEml([{ name: 'a.eml', text: eml('alice@customer.example', 'x@else.example, me@ourco.example') }], ORG);
    expect(envelope).toMatchObject({ id: 'a.eml', mailbox: 'me@ourco.example', folder: 'inbox', message: { subject: 'Order', internetMessageId: '<o-1@customer.example>' } });
  });

  it('gives a file with no organisation participant a line saying so', async () => {
    const [envelope] = await envelopesFromEml([{ name: 'b.eml', text: eml('alice@customer.example', 'x@else.example') }], ORG);
    expect(envelope).toMatchObject({ id: 'b.eml', problem: expect.stringContaining('organisation domain') });
  });
});

describe('readMailboxesForPreview', () => {
  const at = (id: string, received: string) => message({ id, receivedDateTime: received });

  it('reads every page of every folder, drops removals and mail received at or after the end', async () => {
    const reader = fakeReader({
      inbox: [[at('i1', '2024-05-01T00:00:00Z'), { id: 'gone', '@removed': { reason: 'deleted' } }], [at('i2', '2024-05-31T23:59:59Z'), at('late', '2024-06-01T00:00:00Z')]],
      sentitems: [[at('s1', '2024-05-10T00:00:00Z')]],
    });
    const read = await readMailboxesForPreview(reader, [{ address: 'me@ourco.example', graphUserId: 'u1' }], { since: new Date('2024-05-01T00:00:00Z'), until: new Date('2024-06-01T00:00:00Z') }, 10);
    expect(read.truncated).toBe(false);
    expect(read.messages.map((m) => [(m.message as { id: string }).id, m.folder])).toEqual([['i1', 'inbox'], ['i2', 'inbox'], ['s1', 'sentitems']]);
    expect(reader.urls[0]).toContain('2024-05-01T00:00:00.000Z');
  });

  it('stops at the limit and says the range holds more', async () => {
    const reader = fakeReader({ inbox: [[at('a', '2024-05-02T00:00:00Z'), at('b', '2024-05-02T00:00:00Z')], [at('c', '2024-05-02T00:00:00Z')]] });
    const read = await readMailboxesForPreview(reader, [{ address: 'me@ourco.example', graphUserId: 'u1' }], { since: new Date('2024-05-01'), until: new Date('2024-06-01') }, 2);
    expect(read).toMatchObject({ truncated: true });
    expect(read.messages).toHaveLength(2);
    expect(reader.urls).toHaveLength(2);
  });

  it('reads the other mailboxes when one has no Exchange mailbox, and names it with the reason', async () => {
    const working = fakeReader({ inbox: [[at('ok-1', '2024-05-02T00:00:00Z')]] });
    const reader: GraphMailReader = {
      ...working,
      listSyncableFolders: async (user) => {
        if (user === 'u-none') throw new AppError('mailbox-unavailable', 'nobody@ourco.example has no Exchange Online mailbox.');
        return working.listSyncableFolders(user);
      },
    };
    const read = await readMailboxesForPreview(
      reader,
      [{ address: 'nobody@ourco.example', graphUserId: 'u-none' }, { address: 'me@ourco.example', graphUserId: 'u1' }],
      { since: new Date('2024-05-01'), until: new Date('2024-06-01') },
      10,
    );
    expect(read.messages.map((m) => [m.mailbox, (m.message as { id: string }).id])).toEqual([['me@ourco.example', 'ok-1']]);
    expect(read.failures).toEqual([{ mailbox: 'nobody@ourco.example', code: 'mailbox-unavailable', message: 'nobody@ourco.example has no Exchange Online mailbox.' }]);
  });
});

describe('runConsolePreview', () => {
  const deps = (reader: GraphMailReader, stored: string[] = []): PreviewHandlerDeps => ({
    store: {
      mailboxRecords: async (addresses) => addresses.filter((a) => a === 'me@ourco.example').map((address) => ({ address, displayName: 'Me', graphUserId: 'u1', optedIn: false })),
      listMailboxes: async () => [],
      sentByUs: async (keys) => new Set(keys.filter((k) => stored.includes(k))),
    },
    crm: { index: () => CrmIndex.fromSnapshot(snapshot), refreshIfChanged: async () => undefined },
    exclusions: NO_EXCLUSIONS,
    reader: () => reader,
    settings: () => settingsSchema.parse({ orgDomains: ORG }),
    now: () => new Date('2026-01-01T00:00:00Z'),
  });

  it('shows what would be captured for imports and no content at all for skipped mail', async () => {
    const reader = fakeReader({
      inbox: [[message({ id: 'keep', subject: 'Quote' }), message({ id: 'skip', subject: 'Private matter', from: recipient('someone@unknown.example'), receivedDateTime: '2024-05-03T00:00:00Z' })]],
    });
    const result = await runConsolePreview(deps(reader), { source: { kind: 'mailboxes', addresses: ['me@ourco.example'], since: '2024-01-01' } });
    expect(result.summary).toMatchObject({ total: 2, imported: 1, skipped: 1, missingFromCrm: [{ domain: 'unknown.example', count: 1 }] });
    expect(result.lines[0]).toMatchObject({ id: 'keep', verdict: 'import', mailbox: 'me@ourco.example', folder: 'inbox', captured: { subject: 'Quote', from: 'alice@customer.example', accountIds: ['A-1'] } });
    expect(result.lines[1]).toMatchObject({ id: 'skip', verdict: 'skip', captured: null });
    expect(JSON.stringify(result.lines[1])).not.toContain('Private matter');
  });

  it('counts a reply to mail our side stored as correspondence (thread reciprocity), as the sync does', async () => {
    const reply = message({
      id: 'reply',
      // A CRM contact's mail that looks like a campaign: skipped as automated unless it replies to ours.
      internetMessageHeaders: [
        { name: 'In-Reply-To', value: '<ours-1@ourco.example>' },
        { name: 'Precedence', value: 'bulk' },
        { name: 'X-Campaign', value: 'c1' },
      ],
    });
    const text = JSON.stringify([reply]);
    const without = await runConsolePreview(deps(fakeReader({})), { source: { kind: 'graphJson', text } });
    const withStored = await runConsolePreview(deps(fakeReader({}), ['ours-1@ourco.example']), { source: { kind: 'graphJson', text } });
    expect(without.lines[0]).toMatchObject({ verdict: 'skip', reasons: [{ code: 'automated' }] });
    expect(withStored.lines[0]!.verdict).toBe('import');
    expect(withStored.lines[0]!.reasons.map((r) => r.code)).toContain('thread-reciprocity');
  });

  it('refuses unknown mailboxes and an empty date range with the field named', async () => {
    const d = deps(fakeReader({}));
    await expect(runConsolePreview(d, { source: { kind: 'mailboxes', addresses: ['nobody@ourco.example'], since: '2024-01-01' } })).rejects.toMatchObject({
      code: 'invalid-input',
      issues: [{ path: 'source.addresses' }],
    });
    await expect(runConsolePreview(d, { source: { kind: 'mailboxes', addresses: ['me@ourco.example'], since: '2024-05-01', until: '2024-04-01' } })).rejects.toMatchObject({
      issues: [{ path: 'source.since' }],
    });
  });
});
