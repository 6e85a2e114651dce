/**
 * Completeness beyond a single delta round: a first round cut off at the filtered-round cap is
 * backfilled through the listing endpoint, and mail skipped for want of a CRM match is imported
 * once the CRM gains its domain or contact (late match), re-read from Graph, never kept meanwhile.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CrmSnapshot } from '@correspondent/contract';
import { startSyncHarness, type SyncHarness } from './sync-harness.js';
import { createSyncService } from '../../../src-main/app/sync-service.js';
import { loadCrmDirectory } from '../../../src-main/app/crm-directory.js';
import { NO_EXCLUSIONS } from '../../../src-main/app/exclusion-directory.js';
import { createEventHub } from '../../../src-main/app/event-hub.js';
import { silentLogger } from '../../../src-main/logging/logger.js';

/** The CRM without its account that has the most contacts (domains, contacts and its leads dropped). */
function withoutBiggestAccount(crm: CrmSnapshot): { crm: CrmSnapshot; droppedDomain: string } {
  const counts = new Map<string, number>();
  for (const c of crm.contacts) if (c.accountId) counts.set(c.accountId, (counts.get(c.accountId) ?? 0) + 1);
  const [accountId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [''];
  const account = crm.accounts.find((a) => a.id === accountId);
  const droppedDomains = new Set(account?.domains ?? []);
  const domainOf = (email: string) => email.split('@')[1]?.toLowerCase() ?? '';
  return {
    droppedDomain: account?.domains[0] ?? '',
    crm: {
      ...crm,
      accounts: crm.accounts.map((a) => (a.id === accountId ? { ...a, domains: [] } : a)),
      contacts: crm.contacts.filter((c) => c.accountId !== accountId),
      leads: crm.leads.filter((l) => !droppedDomains.has(domainOf(l.email))),
    },
  };
}

let h: SyncHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the lookback window is read completely', () => {
  it('backfills the older mail of a first round that stopped at the cap, without duplicates', async () => {
    const cap = 3;
    h = await startSyncHarness({ seed: 31, sandbox: { fidelity: { filteredRoundCap: cap } } });
    const inboxCounts = h.optedIn().map((m) => h!.sandbox.groundTruthFor(m).filter((g) => g.folder === 'inbox').length);
    expect(Math.max(...inboxCounts)).toBeGreaterThan(cap); // else the cap would not bite
    const summary = await h.sync.syncNow();
    const expected = h.expectedKeys();
    expect(await h.storedKeys()).toEqual(expected);
    expect(summary.imported).toBe(expected.length);
    expect(h.sandbox.requestLog().some((r) => /\/mailFolders\/[^/]+\/messages\?/.test(r.path) && r.status === 200)).toBe(true);
    // The next cycle follows the delta links only: nothing more to read.
    const again = await h.sync.syncNow();
    expect(again).toMatchObject({ read: 0, imported: 0 });
  });

  it('late match: imports mail of a domain and contacts the CRM gained since it was read, and stops listing the domain as missing', async () => {
    let dropped = '';
    const withoutOneAccount = (crm: CrmSnapshot): CrmSnapshot => {
      const reduced = withoutBiggestAccount(crm);
      dropped = reduced.droppedDomain;
      return reduced.crm;
    };
    h = await startSyncHarness({ seed: 37, crm: withoutOneAccount });
    await h.sync.syncNow();
    const expected = h.expectedKeys();
    const firstStored = await h.storedKeys();
    const missingKeys = expected.filter((k) => !firstStored.includes(k));
    expect(missingKeys.length).toBeGreaterThan(0);
    expect(firstStored.every((k) => expected.includes(k))).toBe(true);
    expect((await h.opened.store.syncState.missingFromCrm(100)).map((m) => m.domain)).toContain(dropped);

    await h.crm.replace(h.sandbox.crm); // the CRM gains the account's domain and contacts
    const summary = await h.sync.syncNow();
    expect(summary.imported).toBe(missingKeys.length);
    expect(await h.storedKeys()).toEqual(expected);
    expect((await h.opened.store.syncState.missingFromCrm(100)).map((m) => m.domain)).not.toContain(dropped);
    // Done once: the next cycle re-reads nothing.
    expect(await h.sync.syncNow()).toMatchObject({ read: 0, imported: 0 });
  });

  it('late match survives a CRM change made while no sync process runs (the baseline is in MariaDB)', async () => {
    h = await startSyncHarness({ seed: 37, crm: (crm) => withoutBiggestAccount(crm).crm });
    await h.sync.syncNow();
    const expected = h.expectedKeys();
    const firstStored = await h.storedKeys();
    expect(expected.filter((k) => !firstStored.includes(k)).length).toBeGreaterThan(0);

    // The sync process ends; another process (crm import, an ETL) changes the CRM tables.
    await h.sync.idle();
    await h.opened.store.replaceCrm(h.sandbox.crm);

    // A new sync process starts with the new CRM as its first view of it.
    const fresh = await createSyncService({
      store: h.opened.store,
      crm: await loadCrmDirectory(h.opened.store, silentLogger()),
      exclusions: NO_EXCLUSIONS,
      reader: () => h!.reader,
      settings: () => h!.settings,
      events: createEventHub(),
      logger: silentLogger(),
      now: () => new Date(),
      who: () => ({ actor: 'tester', source: 'cli' }),
      instanceId: 'second-process',
    });
    await fresh.syncNow();
    expect(await h.storedKeys()).toEqual(expected);
  });
});
