/**
 * The walking skeleton, all real code paths: the sandbox tenant over HTTPS -> msal-node token ->
 * Graph SDK delta pages -> rule pipeline -> one-transaction commits into a real MariaDB. The
 * generator's ground truth decides what must have been stored.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoRuntime } from '../../../src-main/app/demo-runtime.js';
import { silentLogger } from '../../../src-main/logging/logger.js';
import { normaliseMessageId } from '../../../src-main/rules/pipeline.js';
import { EXCLUDED_WELL_KNOWN_FOLDERS } from '../../../src-main/rules/message-rules.js';
import { lookbackStart } from '../../../src-main/sync/lookback.js';
import { createTestDatabase } from '../../support/test-database.js';

describe.each([3, 7, 19])('walking skeleton with generator seed %i: sandbox tenant -> delta sync -> rules -> MariaDB', (seed) => {
  let demo: DemoRuntime;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'skeleton-'));
    demo = await startDemo({ mariadbUrl: database.url, mariadbCaFile: null, dataDir, shell: 'cli', logger: silentLogger(), seed });
    dispose = async () => {
      await demo.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    };
  });

  afterAll(async () => {
    await dispose?.();
  });

  async function storedKeys(): Promise<string[]> {
    const { items } = await demo.app.handlers['emails.list']({ limit: 500, offset: 0 });
    return items.map((e) => normaliseMessageId(e.internetMessageId) ?? '').sort();
  }

  const firstSyncAt = new Date();

  /** What the first cycle must read: opted-in mailboxes, synced folders, inside each mailbox's lookback. */
  function groundTruth() {
    const optedIn = new Set(demo.sandbox.crm.users.filter((u) => u.optedIn).map((u) => u.email.toLowerCase()));
    const since = (mailbox: string) => lookbackStart({ mailbox, crm: demo.sandbox.crm, now: firstSyncAt, lookbackMaxDays: null });
    return demo.sandbox.groundTruth.filter(
      (g) => optedIn.has(g.mailbox.toLowerCase()) && !EXCLUDED_WELL_KNOWN_FOLDERS.has(g.folder) && Date.parse(g.receivedDateTime) >= since(g.mailbox).getTime(),
    );
  }

    it('imports exactly the ground truth\'s customer mail, once per message, and counts the rest by reason', async () => {
      const truth = groundTruth();
      const expectedKeys = [...new Set(truth.filter((g) => g.verdict === 'import').map((g) => normaliseMessageId(g.internetMessageId) ?? ''))].sort();
      const expectedSkips: Record<string, number> = {};
      for (const g of truth.filter((t) => t.verdict === 'skip')) expectedSkips[g.reason] = (expectedSkips[g.reason] ?? 0) + 1;

      const summary = await demo.app.syncNow();

      expect(expectedKeys.length).toBeGreaterThan(10);
      expect(await storedKeys()).toEqual(expectedKeys);
      expect(summary.imported).toBe(expectedKeys.length);
      expect(summary.skipped).toEqual(expectedSkips);
      expect(summary.read).toBe(truth.length);
      // Users without an Exchange mailbox have no `mail` in Graph and are not synced.
      const withMailbox = new Set(demo.sandbox.users.filter((u) => u.hasMailbox).map((u) => u.address));
      expect(summary.mailboxes).toBe(demo.sandbox.crm.users.filter((u) => u.optedIn && withMailbox.has(u.email.toLowerCase())).length);
    });

    it('records the mailboxes seen for a message stored once from several mailboxes', async () => {
      const truth = groundTruth().filter((g) => g.verdict === 'import');
      const byKey = new Map<string, Set<string>>();
      for (const g of truth) {
        const key = normaliseMessageId(g.internetMessageId) ?? '';
        byKey.set(key, (byKey.get(key) ?? new Set()).add(g.mailbox.toLowerCase()));
      }
      const shared = [...byKey.entries()].filter(([, mailboxes]) => mailboxes.size > 1);
      expect(shared.length).toBeGreaterThan(0);
      const { items } = await demo.app.handlers['emails.list']({ limit: 500, offset: 0 });
      for (const [key, mailboxes] of shared) {
        const stored = items.filter((e) => normaliseMessageId(e.internetMessageId) === key);
        expect(stored).toHaveLength(1);
        expect(new Set(stored[0]?.mailboxes)).toEqual(mailboxes);
      }
    });

    it('a second cycle follows the saved delta links: nothing read, nothing duplicated', async () => {
      const before = await storedKeys();
      const summary = await demo.app.syncNow();
      expect(summary).toMatchObject({ read: 0, imported: 0, skipped: {} });
      expect(await storedKeys()).toEqual(before);
    });

    it('imports new customer mail and skips new internal mail in the next cycle', async () => {
      const owner = demo.sandbox.crm.users.find((u) => u.optedIn);
      const contact = demo.sandbox.crm.contacts.find((c) => c.accountId !== null);
      const colleague = demo.sandbox.crm.users.find((u) => u.email !== owner?.email);
      if (!owner || !contact || !colleague) throw new Error('generated tenant lacks users or contacts');
      const message = (id: string, from: { name: string; email: string }) => ({
        subject: `Skeleton ${id}`,
        body: { contentType: 'html', content: `<p>Body of ${id}</p>` },
        from: { emailAddress: { name: from.name, address: from.email } },
        toRecipients: [{ emailAddress: { name: owner.name, address: owner.email } }],
        receivedDateTime: new Date().toISOString(),
        sentDateTime: new Date().toISOString(),
        internetMessageId: `<${id}@skeleton.test>`,
        isDraft: false,
      });
      demo.sandbox.addMessage(owner.email, 'inbox', message('customer-1', contact));
      demo.sandbox.addMessage(owner.email, 'inbox', message('internal-1', colleague));

      const summary = await demo.app.syncNow();

      expect(summary).toMatchObject({ read: 2, imported: 1, skipped: { 'internal-only': 1 } });
      const keys = await storedKeys();
      expect(keys).toContain('customer-1@skeleton.test');
      expect(keys).not.toContain('internal-1@skeleton.test');
    });
});
