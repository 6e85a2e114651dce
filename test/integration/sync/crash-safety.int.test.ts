/**
 * Crash safety (issue 6, point 4; issue 10: >= 20 kill points): sync runs in a child process are
 * killed with SIGKILL at seeded random points (after the Nth committed page: mid-transaction,
 * mid-request, between folders), restarted each time, and finally run to completion - first
 * during the first sync of every mailbox, then during an incremental cycle that brings new mail
 * (and mail the rules skip), and last at the header-first kill points between a delta page's
 * envelope decisions and its content fetch (issue 21). The store must then hold exactly the
 * ground truth: no email lost, none stored twice, every mailbox's sighting present, no skipped
 * email stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '@correspondent/m365-sandbox/prng.js';
import { spawnSyncChild } from './child-process.js';
import { expectedSightings } from './ground-truth.js';
import { asPairs, startSharedTenant, type SharedTenant } from './shared-tenant.js';

const FIRST_SYNC_KILLS = 12;
const INCREMENTAL_KILLS = 10;
const CONTENT_FETCH_KILLS = 6;
let tenant: SharedTenant;

beforeAll(async () => {
  tenant = await startSharedTenant({ seed: 41, scale: 'bench', bench: { mailboxes: 8, messagesPerMailbox: 400, maxMaterialized: 8 } });
});

afterAll(async () => {
  await tenant?.close();
});

/** Runs "sync now" children, killing each after a seeded number of pages, until `kills` kills or completion. */
async function killAndRestart(kills: number, rng: Rng, maxPagesBeforeKill: number): Promise<number> {
  const config = tenant.childConfig({ mode: 'once', instanceId: 'crash-test', leaseTtlMs: 60_000 });
  let killed = 0;
  for (let run = 0; run < kills + 1; run += 1) {
    const child = spawnSyncChild(config);
    if (run < kills) {
      const killAfter = rng.int(1, maxPagesBeforeKill);
      const outcome = await Promise.race([
        child.waitFor((line) => line.done === true).then(() => 'done' as const),
        child.waitFor((line, index) => line.page !== undefined && index + 1 >= killAfter).then(() => 'kill' as const),
      ]);
      await child.kill('SIGKILL');
      if (outcome === 'done') return killed;
      killed += 1;
    } else {
      await child.waitFor((line) => line.done === true);
      expect(await child.exited).toBe(0);
    }
  }
  return killed;
}

/**
 * Header-first kill points: each child holds between a page's envelope decisions and its content
 * fetch (the `holdAtContentFetch`-th such page) and is SIGKILLed there; then one runs to the end.
 */
async function killAtContentFetch(kills: number, rng: Rng): Promise<number> {
  let killed = 0;
  for (let run = 0; run < kills; run += 1) {
    const child = spawnSyncChild(tenant.childConfig({ mode: 'once', instanceId: 'crash-test', leaseTtlMs: 60_000, holdAtContentFetch: rng.int(1, 2) }));
    const outcome = await Promise.race([
      child.waitFor((line) => line.done === true).then(() => 'done' as const),
      child.waitFor((line) => line.contentFetch !== undefined).then(() => 'kill' as const),
    ]);
    await child.kill('SIGKILL');
    if (outcome === 'kill') killed += 1;
  }
  const last = spawnSyncChild(tenant.childConfig({ mode: 'once', instanceId: 'crash-test', leaseTtlMs: 60_000 }));
  await last.waitFor((line) => line.done === true);
  expect(await last.exited).toBe(0);
  return killed;
}

async function expectExactly(expected: Map<string, Set<string>>) {
  const { sightings, rowsPerKey } = await tenant.stored();
  expect([...rowsPerKey.values()].every((n) => n === 1)).toBe(true);
  expect(asPairs(sightings)).toEqual(asPairs(expected));
}

describe('a sync killed at random points and restarted', () => {
  const syncedAt = new Date();
  const rng = createRng(2026);

  it(`loses and duplicates nothing after ${FIRST_SYNC_KILLS} SIGKILLs during the first sync`, async () => {
    const kills = await killAndRestart(FIRST_SYNC_KILLS, rng, 8);
    expect(kills).toBeGreaterThanOrEqual(10);
    const expected = expectedSightings(tenant.sandbox, tenant.mailboxes, syncedAt);
    expect(expected.size).toBeGreaterThan(100);
    await expectExactly(expected);
  }, 300_000);

  it(`loses and duplicates nothing after ${INCREMENTAL_KILLS} more SIGKILLs during an incremental cycle`, async () => {
    const contact = tenant.sandbox.crm.contacts.find((c) => c.accountId !== null);
    if (!contact) throw new Error('the tenant lacks CRM contacts');
    const expected = expectedSightings(tenant.sandbox, tenant.mailboxes, syncedAt);
    const skippedKeys: string[] = [];
    for (const mailbox of tenant.mailboxes) {
      for (let i = 0; i < 160; i += 1) {
        const at = new Date(Date.now() - i * 1000).toISOString();
        const customer = i % 8 !== 0; // every eighth message is from a stranger: the rules skip it
        const key = `crash-incremental-${i}-${mailbox}`;
        tenant.sandbox.addMessage(mailbox, 'inbox', {
          subject: customer ? `Incremental ${i}` : `Stranger ${i} SECRET-SKIPPED-CONTENT`,
          from: { emailAddress: { name: 'X', address: customer ? contact.email : `stranger${i}@unrelated-vendor.example` } },
          toRecipients: [{ emailAddress: { address: mailbox } }],
          receivedDateTime: at,
          sentDateTime: at,
          internetMessageId: `<${key}>`,
          body: { contentType: 'text', content: customer ? 'hello' : 'SECRET-SKIPPED-CONTENT' },
        });
        if (customer) expected.set(key, (expected.get(key) ?? new Set()).add(mailbox));
        else skippedKeys.push(key);
      }
    }
    const kills = await killAndRestart(INCREMENTAL_KILLS, rng, 2);
    expect(kills).toBe(INCREMENTAL_KILLS);
    await expectExactly(expected);
    const { sightings } = await tenant.stored();
    expect(skippedKeys.filter((k) => sightings.has(k))).toEqual([]);
  }, 300_000);

  it(`loses and duplicates nothing after ${CONTENT_FETCH_KILLS} SIGKILLs between a delta page and its content fetch`, async () => {
    const contact = tenant.sandbox.crm.contacts.find((c) => c.accountId !== null);
    if (!contact) throw new Error('the tenant lacks CRM contacts');
    const expected = expectedSightings(tenant.sandbox, tenant.mailboxes, syncedAt);
    const skippedKeys: string[] = [];
    for (const mailbox of tenant.mailboxes) {
      for (let i = 0; i < 200; i += 1) {
        const at = new Date(Date.now() - i * 1000).toISOString();
        const customer = i % 4 !== 0;
        const key = `crash-content-${i}-${mailbox}`;
        tenant.sandbox.addMessage(mailbox, 'inbox', {
          subject: customer ? `Content ${i}` : `Stranger ${i}`,
          from: { emailAddress: { name: 'X', address: customer ? contact.email : `stranger${i}@unrelated-vendor.example` } },
          toRecipients: [{ emailAddress: { address: mailbox } }],
          receivedDateTime: at,
          sentDateTime: at,
          internetMessageId: `<${key}>`,
          body: { contentType: 'text', content: customer ? 'hello again' : 'SECRET-SKIPPED-CONTENT' },
        });
        if (customer) expected.set(key, (expected.get(key) ?? new Set()).add(mailbox));
        else skippedKeys.push(key);
      }
    }
    // What the incremental test added is stored already and must stay so.
    for (const mailbox of tenant.mailboxes) for (let i = 0; i < 160; i += 1) if (i % 8 !== 0) expected.set(`crash-incremental-${i}-${mailbox}`, (expected.get(`crash-incremental-${i}-${mailbox}`) ?? new Set()).add(mailbox));
    const kills = await killAtContentFetch(CONTENT_FETCH_KILLS, rng);
    expect(kills).toBe(CONTENT_FETCH_KILLS);
    await expectExactly(expected);
    const { sightings } = await tenant.stored();
    expect(skippedKeys.filter((k) => sightings.has(k))).toEqual([]);
  }, 300_000);
});
