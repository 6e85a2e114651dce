/**
 * Scale 'bench' (issue 3, item 4): mailboxes generated lazily from the seed, a bounded number in
 * memory, and an evicted mailbox that comes back identical, so delta links stay valid across it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../../src-shared/domain.js';
import { openGraphSession, type GraphSession } from './graph-session.js';

let session: GraphSession;
const bench = { mailboxes: 12, messagesPerMailbox: 80, maxMaterialized: 2 };
beforeAll(async () => {
  session = await openGraphSession({ seed: 4, scale: 'bench', bench });
});
afterAll(async () => {
  await session.close();
});

const addresses = () => session.sandbox.users.filter((u) => u.hasMailbox).map((u) => u.address);

describe('sandbox scale bench', () => {
  it('has the requested mailboxes, a CRM with owners, and ground truth per mailbox on demand only', () => {
    expect(addresses()).toHaveLength(12);
    expect(session.sandbox.groundTruth).toEqual([]);
    const truth = session.sandbox.groundTruthFor(addresses()[0]!);
    expect(truth.length).toBeGreaterThanOrEqual(bench.messagesPerMailbox);
    const reasons = new Set(addresses().flatMap((a) => session.sandbox.groundTruthFor(a).map((g) => g.reason)));
    for (const reason of ['crm-contact', 'crm-account-domain', 'internal-only', 'automated', 'no-crm-match', 'excluded-folder'] as const) {
      expect(REASON_CODES).toContain(reason);
      expect(reasons).toContain(reason);
    }
    const userIds = new Set(session.sandbox.crm.users.map((u) => u.id));
    expect(session.sandbox.crm.opportunities.every((o) => userIds.has(o.ownerUserId))).toBe(true);
    expect(session.sandbox.suggestedSettings.blockedDomains).toHaveLength(1);
  });

  it('puts one message in several colleagues\' mailboxes', () => {
    const mailboxesById = new Map<string, Set<string>>();
    for (const address of addresses().slice(0, 4)) {
      for (const g of session.sandbox.groundTruthFor(address)) mailboxesById.set(g.internetMessageId, (mailboxesById.get(g.internetMessageId) ?? new Set()).add(address));
    }
    expect([...mailboxesById.values()].some((s) => s.size >= 2)).toBe(true);
  });

  it('serves a mailbox\'s inbox as its ground truth says, and the same after the mailbox was evicted and rebuilt', async () => {
    const [first, ...others] = addresses();
    const prefer = { prefer: 'odata.maxpagesize=200' };
    const initial = await session.round(`/users/${first}/mailFolders/inbox/messages/delta?$select=internetMessageId`, prefer);
    const expected = session.sandbox.groundTruthFor(first!).filter((g) => g.folder === 'inbox');
    expect(initial.items.map((m) => m['internetMessageId']).sort()).toEqual(expected.map((g) => g.internetMessageId).sort());
    // Touch more mailboxes than are kept in memory, then come back: same ids, deltaLink still valid.
    for (const address of others.slice(-4)) await session.graph(`/users/${address}/mailFolders/inbox`);
    const quiet = await session.round(initial.deltaLink, prefer);
    expect(quiet.items).toEqual([]);
    const again = await session.round(`/users/${first}/mailFolders/inbox/messages/delta?$select=internetMessageId`, prefer);
    expect(again.items.map((m) => m.id)).toEqual(initial.items.map((m) => m.id));
  });

  it('keeps a changed mailbox in memory: its change survives touching every other mailbox', async () => {
    const [, second] = addresses();
    const initial = await session.round(`/users/${second}/mailFolders/inbox/messages/delta?$select=isRead`, { prefer: 'odata.maxpagesize=200' });
    session.sandbox.markRead(second!, initial.items[0]!.id, true);
    for (const address of addresses()) await session.graph(`/users/${address}/mailFolders/inbox`);
    const next = await session.round(initial.deltaLink);
    expect(next.items).toEqual([expect.objectContaining({ id: initial.items[0]!.id, isRead: true })]);
  });
});
