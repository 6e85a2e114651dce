/**
 * Issue 21 against the sandbox tenant over HTTPS: header-first capture as Graph sees it.
 *   privacy  delta pages carry no body or header block; the content of a message the envelope
 *            rules skip (internal, unmatched, blocked, drafts) is never sent - proven from the
 *            sandbox's request log, which names the messages whose content each answer carried;
 *            every imported message's content was fetched (the work happened).
 *   bytes    the cycle's bytes received equal the bytes the sandbox logged for its Graph answers.
 *   batches  at most 20 members per $batch; a member throttled inside a 200 batch is asked again
 *            after its Retry-After; a message deleted between the delta page and the fetch (404)
 *            is neither stored nor counted, and one moved meanwhile is stored exactly once.
 * Ground truth is the generator's labels (ground-truth.ts), not the product's rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '@correspondent/m365-sandbox';
import type { CycleSummary } from '../../../src-shared/domain.js';
import { expectedSightings } from './ground-truth.js';
import { startSyncHarness, type SyncHarness } from './sync-harness.js';

/** Reasons the generator labels that depend only on the envelope (folder, draft, addressing, CRM). */
const ENVELOPE_REASONS = new Set(['internal-only', 'no-crm-match', 'blocked-domain', 'draft', 'excluded-folder', 'no-participants']);

const isGraph = (e: RequestLogEntry) => /^\/(v1\.0|beta)\//i.test(e.path);
const contentSent = (log: RequestLogEntry[]) => new Set(log.flatMap((e) => [...e.contentOf, ...(e.members ?? []).flatMap((m) => m.contentOf)]));

describe('header-first capture on the sandbox tenant', () => {
  let h: SyncHarness;
  let cycle: CycleSummary;
  const syncedAt = new Date();

  beforeAll(async () => {
    h = await startSyncHarness({ seed: 31 });
    cycle = await h.sync.syncNow();
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  });

  it('imports exactly the ground truth, deciding a real share on the envelope', async () => {
    expect(await h.storedKeys()).toEqual(h.expectedKeys());
    expect(cycle.read).toBeGreaterThan(40);
    expect(cycle.decidedAtEnvelope + cycle.decidedAtContent).toBe(cycle.read);
    expect(cycle.decidedAtEnvelope).toBeGreaterThan(10);
    expect(cycle.decidedAtContent).toBeGreaterThan(0);
  });

  it('never sent the body or header block of a message skipped on its envelope', () => {
    const log = h.sandbox.requestLog();
    const pages = log.filter((e) => /\/messages\/delta|\/messages\?/i.test(e.path));
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.flatMap((e) => e.contentOf)).toEqual([]);
    const sent = contentSent(log);
    const truth = h.optedIn().flatMap((mailbox) => h.sandbox.groundTruthFor(mailbox));
    const skippedOnEnvelope = truth.filter((g) => g.verdict === 'skip' && ENVELOPE_REASONS.has(g.reason));
    expect(skippedOnEnvelope.length).toBeGreaterThan(20);
    expect(skippedOnEnvelope.filter((g) => sent.has(g.immutableId)).map((g) => `${g.reason} ${g.internetMessageId}`)).toEqual([]);
    // The work happened: every imported message of the lookback had its content fetched, in batches.
    const expected = expectedSightings(h.sandbox, h.optedIn(), syncedAt);
    const imported = truth.filter((g) => g.verdict === 'import' && expected.get(g.internetMessageId.replace(/^<|>$/g, '').toLowerCase())?.has(g.mailbox));
    expect(imported.length).toBeGreaterThan(10);
    expect(imported.filter((g) => !sent.has(g.immutableId))).toEqual([]);
    const batches = log.filter((e) => e.path.endsWith('/$batch'));
    expect(batches.length).toBeGreaterThan(0);
    expect(Math.max(...batches.map((b) => b.members?.length ?? 0))).toBeLessThanOrEqual(20);
  });

  it('counts the bytes it received from Graph, as the sandbox counted what it sent', () => {
    const sentBytes = h.sandbox.requestLog().filter(isGraph).reduce((sum, e) => sum + e.bytes, 0);
    expect(cycle.bytesReceived).toBeGreaterThan(100_000);
    expect(cycle.bytesReceived).toBe(sentBytes);
  });

  it('keeps the per-stage counts and bytes in the cycle history the health page shows', async () => {
    const [latest] = await h.opened.store.syncState.cycleHistory(1);
    expect(latest?.summaryJson).toMatchObject({ read: cycle.read, decidedAtEnvelope: cycle.decidedAtEnvelope, decidedAtContent: cycle.decidedAtContent, bytesReceived: cycle.bytesReceived });
  });
});

describe('the content fetch between the delta page and the commit', () => {
  let h: SyncHarness;
  let act: ((info: { mailbox: string; candidates: number }) => void) | null = null;

  beforeAll(async () => {
    h = await startSyncHarness({ seed: 32, beforeContentFetch: (info) => act?.(info) });
    await h.sync.syncNow();
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  });

  const contact = () => {
    const c = h.sandbox.crm.contacts.find((x) => x.accountId !== null);
    if (!c) throw new Error('no CRM contact');
    return c.email;
  };
  const add = (mailbox: string, key: string, folder = 'inbox') => {
    const at = new Date().toISOString();
    return h.sandbox.addMessage(mailbox, folder, {
      subject: `Header-first ${key}`,
      from: { emailAddress: { name: 'C', address: contact() } },
      toRecipients: [{ emailAddress: { address: mailbox } }],
      receivedDateTime: at,
      sentDateTime: at,
      internetMessageId: `<${key}@customer.example>`,
      body: { contentType: 'text', content: `hello ${key}` },
    });
  };

  it('leaves out a candidate deleted before its content is fetched (404), storing the others', async () => {
    const mailbox = h.optedIn()[0]!;
    const gone = add(mailbox, 'hf-deleted');
    add(mailbox, 'hf-kept');
    let deleted = 0;
    act = (info) => {
      if (info.mailbox === mailbox && info.candidates > 0 && deleted === 0) {
        h.sandbox.deleteMessage(mailbox, gone);
        deleted += 1;
      }
    };
    const before = h.sandbox.requestLog().length;
    const summary = await h.sync.syncNow(mailbox);
    act = null;
    expect(deleted).toBe(1);
    const members = h.sandbox.requestLog().slice(before).flatMap((e) => e.members ?? []);
    expect(members.filter((m) => m.status === 404)).toHaveLength(1);
    const stored = await h.storedKeys();
    expect(stored).toContain('hf-kept@customer.example');
    expect(stored).not.toContain('hf-deleted@customer.example');
    expect(summary.imported).toBe(1);
    expect(summary.read).toBe(summary.imported + summary.alreadyStored + summary.unchanged + Object.values(summary.skipped).reduce((a, b) => a + b, 0));
    expect(stored).toEqual([...h.expectedKeys(), 'hf-kept@customer.example'].sort());
  });

  it('stores a candidate moved to another synced folder before its fetch exactly once', async () => {
    const mailbox = h.optedIn()[1]!;
    const moved = add(mailbox, 'hf-moved');
    let moves = 0;
    act = (info) => {
      if (info.mailbox === mailbox && info.candidates > 0 && moves === 0) {
        h.sandbox.moveMessage(mailbox, moved, 'archive');
        moves += 1;
      }
    };
    await h.sync.syncNow(mailbox);
    act = null;
    await h.sync.syncNow(mailbox); // the next round reports the move
    expect(moves).toBe(1);
    const { items } = await h.opened.store.listEmails({ limit: 1000, offset: 0 });
    expect(items.filter((e) => e.internetMessageId === '<hf-moved@customer.example>')).toHaveLength(1);
  });

  it('asks a throttled member again after its own Retry-After, inside a 200 batch', async () => {
    const mailbox = h.optedIn()[2]!;
    add(mailbox, 'hf-throttled');
    act = (info) => {
      if (info.mailbox === mailbox && info.candidates > 0) h.sandbox.faults.inject({ kind: 'throttle', retryAfter: 'integer', seconds: 7, mailbox, path: '/users/[^/]+/messages/(?!delta$)[^/]+$', count: 1 });
    };
    h.waits.length = 0;
    const before = h.sandbox.requestLog().length;
    await h.sync.syncNow(mailbox);
    act = null;
    const batches = h.sandbox.requestLog().slice(before).filter((e) => e.path.endsWith('/$batch'));
    expect(batches.every((b) => b.status === 200)).toBe(true);
    expect(batches.flatMap((b) => b.members ?? []).filter((m) => m.status === 429)).toHaveLength(1);
    expect(h.waits).toContain(7000);
    expect(await h.storedKeys()).toContain('hf-throttled@customer.example');
    const [health] = await h.opened.store.syncState.mailboxHealth([mailbox]);
    expect(health).toMatchObject({ throttled: 1, errorCode: null });
  });
});
