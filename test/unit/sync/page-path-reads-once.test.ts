/**
 * Issue 17, point 2: the page path is one linear step. Every raw message of a page is read once -
 * by the page step (rules/read-page.ts) - and header-first content is added to that read, never
 * merged and read again: in the sync (read, envelope stage, content download, decide) and in the
 * console's live preview (delta pages, content stage, our own sent mail, thread references, the
 * decisions). Each raw message and each downloaded content is a Proxy that counts reads of a field
 * only the message reader looks at; reading a message twice (or spreading it into a merged copy)
 * reads that field twice.
 */
import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../src-shared/settings.js';
import { NO_EXCLUSIONS } from '../../../src-main/app/exclusion-directory.js';
import { runConsolePreview } from '../../../src-main/app/handlers/preview-handlers.js';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import { ENVELOPE_SELECT, type FolderInfo } from '../../../src-main/graph/graph-message.js';
import { evaluateEnvelope, evaluateMessage, evaluateMessageView, type RuleContext } from '../../../src-main/rules/pipeline.js';
import { readPage } from '../../../src-main/rules/read-page.js';
import type { PageRules } from '../../../src-main/sync/page-rules.js';
import { runEnvelopeStage } from '../../../src-main/sync/content-stage.js';
import { decidePage } from '../../../src-main/sync/decide-page.js';
import { generatorMix } from '../../bench/support/pipeline-mix.js';
import { fakeReader } from '../console/fake-preview-reader.js';
import { message, recipient, snapshot } from '../rules/rule-fixtures.js';

/** Counts, per message id, the reads of `field` through the returned proxy. */
function counting(target: Record<string, unknown>, field: string, counts: Map<string, number>): Record<string, unknown> {
  const id = String(target['id']);
  return new Proxy(target, {
    get(object, property, receiver) {
      if (property === field) counts.set(id, (counts.get(id) ?? 0) + 1);
      return Reflect.get(object, property, receiver) as unknown;
    },
  });
}

/** What Graph sends for the envelope $select: the test's own projection of a full message. */
function envelopeOf(full: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: full['id'], '@odata.type': '#microsoft.graph.message' };
  for (const field of ENVELOPE_SELECT) if (field in full) out[field] = full[field];
  return out;
}

/** A content batch member's answer: id, type, body and internet headers. */
function contentOf(full: Record<string, unknown>): Record<string, unknown> {
  return { id: full['id'], '@odata.type': '#microsoft.graph.message', body: full['body'], internetMessageHeaders: full['internetMessageHeaders'] ?? [] };
}

const folder: FolderInfo = { id: 'inbox', wellKnownName: 'inbox', displayName: 'inbox' };

describe('the page path reads each message once', () => {
  it('in the sync: page step, envelope stage, content download and decisions', async () => {
    const mix = generatorMix(1, 150);
    expect(mix.length).toBeGreaterThan(300);
    const contextOf = new Map<string, RuleContext>(mix.map((item) => [item.message.id, item.context]));
    const contextFor = (id: string): RuleContext => contextOf.get(id) ?? (() => { throw new Error(`no context for ${id}`); })();
    const rules: PageRules = {
      forPage: () => ({
        decide: (read) => evaluateMessageView(read, contextFor(read.ok ? read.message.id : '')),
        decideEnvelope: (read) => evaluateEnvelope(read, contextFor(read.ok ? read.message.id : '')),
      }),
      engage: () => ({ opportunityId: null, ownerAddress: 'owner@example.test' }),
    };
    const envelopeReads = new Map<string, number>();
    const contentReads = new Map<string, number>();
    const asked: string[] = [];
    const raw = mix.map((item) => counting(envelopeOf(item.message as unknown as Record<string, unknown>), 'toRecipients', envelopeReads));
    const byId = new Map(mix.map((item) => [item.message.id, item.message as unknown as Record<string, unknown>]));
    const reader = {
      readContents: async (_user: string, ids: readonly string[]) => {
        asked.push(...ids);
        return new Map(ids.map((id) => [id, counting(contentOf(byId.get(id)!), 'body', contentReads)]));
      },
    };

    const page = readPage(raw);
    await runEnvelopeStage(page, { reader, rules, mailbox: 'ignored@example.test', graphUserId: 'u1', folder });
    const decided = decidePage(page, 'ignored@example.test', folder, new Set(), rules);

    // The work happened: every message decided, on both stages, some imported, candidates' content fetched.
    expect(decided.read).toBe(mix.length);
    expect(decided.stages.envelope).toBeGreaterThan(50);
    expect(decided.stages.content).toBeGreaterThan(50);
    expect(decided.imports.length).toBeGreaterThan(20);
    expect(asked).toHaveLength(decided.stages.content);
    // Decided as the whole message decides (the two-stage equivalence holds on this path too).
    expect(decided.decisions.map((d) => d.rule)).toEqual(mix.map((item) => evaluateMessage(item.message, item.context).reasons[0]?.code ?? 'unreadable'));
    // And each message was read once, each downloaded content once.
    expect([...envelopeReads.values()].filter((n) => n !== 1)).toEqual([]);
    expect(envelopeReads.size).toBe(mix.length);
    expect([...contentReads.values()].filter((n) => n !== 1)).toEqual([]);
    expect(contentReads.size).toBe(asked.length);
  });

  it('in the live preview: delta pages, content stage, our sent mail, thread references and decisions', async () => {
    const customer = message({ id: 'customer', subject: 'Quote', receivedDateTime: '2024-05-02T00:00:00Z' });
    const reply = message({ id: 'reply', subject: 'Re: Quote', receivedDateTime: '2024-05-03T00:00:00Z', internetMessageHeaders: [{ name: 'In-Reply-To', value: '<sent-1@ourco.example>' }] });
    const unknown = message({ id: 'unknown', from: recipient('someone@unknown.example'), sender: recipient('someone@unknown.example'), receivedDateTime: '2024-05-04T00:00:00Z' });
    const internal = message({ id: 'internal', from: recipient('colleague@ourco.example'), sender: recipient('colleague@ourco.example'), receivedDateTime: '2024-05-05T00:00:00Z' });
    const sent = message({ id: 'sent', from: recipient('me@ourco.example'), sender: recipient('me@ourco.example'), toRecipients: [recipient('alice@customer.example')], internetMessageId: '<sent-1@ourco.example>', receivedDateTime: '2024-05-01T00:00:00Z' });
    const full = new Map([customer, reply, unknown, internal, sent].map((m) => [m.id, m as unknown as Record<string, unknown>]));
    const envelopeReads = new Map<string, number>();
    const contentReads = new Map<string, number>();
    const asked: string[] = [];
    const envelopes = (ids: string[]) => ids.map((id) => counting(envelopeOf(full.get(id)!), 'toRecipients', envelopeReads));
    const reader = fakeReader({ inbox: [envelopes(['customer', 'reply']), envelopes(['unknown', 'internal'])], sentitems: [envelopes(['sent'])] }, async (_user, ids) => {
      asked.push(...ids);
      return new Map(ids.map((id) => [id, counting(contentOf(full.get(id)!), 'body', contentReads)]));
    });
    const result = await runConsolePreview(
      {
        store: {
          mailboxRecords: async (addresses) => addresses.map((address) => ({ address, displayName: 'Me', graphUserId: 'u1', optedIn: true })),
          listMailboxes: async () => [],
          sentByUs: async () => new Set(),
        },
        crm: { index: () => CrmIndex.fromSnapshot(snapshot), refreshIfChanged: async () => undefined },
        exclusions: NO_EXCLUSIONS,
        reader: () => reader,
        settings: () => settingsSchema.parse({ orgDomains: ['ourco.example'] }),
        now: () => new Date('2026-01-01T00:00:00Z'),
      },
      { source: { kind: 'mailboxes', addresses: ['me@ourco.example'], since: '2024-01-01' } },
    );

    // The work happened: five lines, decided on both stages, the customer's mail and the reply imported.
    expect(result.lines.map((line) => [line.id, line.verdict, line.stage])).toEqual([
      ['customer', 'import', 'content'],
      ['reply', 'import', 'content'],
      ['unknown', 'skip', 'envelope'],
      ['internal', 'skip', 'envelope'],
      ['sent', 'import', 'content'],
    ]);
    expect(asked.sort()).toEqual(['customer', 'reply', 'sent']);
    // Each envelope read once, each downloaded content once.
    expect(Object.fromEntries(envelopeReads)).toEqual({ customer: 1, reply: 1, unknown: 1, internal: 1, sent: 1 });
    expect(Object.fromEntries(contentReads)).toEqual({ customer: 1, reply: 1, sent: 1 });
  });
});
