/**
 * Crash safety (issue 6, point 4): a large sync run in a child process is killed with SIGKILL at
 * seeded random points (after the Nth committed page: mid-transaction, mid-request, between
 * folders), restarted each time, and finally run to completion. The store must then hold exactly
 * the ground truth: no email lost, none stored twice, every mailbox's sighting present.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src-main/sandbox/prng.js';
import { spawnSyncChild } from './child-process.js';
import { expectedSightings } from './ground-truth.js';
import { asPairs, startSharedTenant, type SharedTenant } from './shared-tenant.js';

const KILLS = 12;
let tenant: SharedTenant;

beforeAll(async () => {
  tenant = await startSharedTenant({ seed: 41, scale: 'bench', bench: { mailboxes: 8, messagesPerMailbox: 400, maxMaterialized: 8 } });
});

afterAll(async () => {
  await tenant?.close();
});

describe('a sync killed at random points and restarted', () => {
  it(`loses and duplicates nothing after ${KILLS} SIGKILLs`, async () => {
    const syncedAt = new Date();
    const rng = createRng(2026);
    const config = tenant.childConfig({ mode: 'once', instanceId: 'crash-test', leaseTtlMs: 60_000 });
    let kills = 0;
    let finished = false;
    for (let run = 0; run < KILLS + 1 && !finished; run += 1) {
      const child = spawnSyncChild(config);
      if (run < KILLS) {
        const killAfter = rng.int(1, 8);
        const outcome = await Promise.race([
          child.waitFor((line) => line.done === true).then(() => 'done' as const),
          child.waitFor((line, index) => line.page !== undefined && index + 1 >= killAfter).then(() => 'kill' as const),
        ]);
        if (outcome === 'done') finished = true;
        else kills += 1;
        await child.kill('SIGKILL');
      } else {
        await child.waitFor((line) => line.done === true);
        expect(await child.exited).toBe(0);
        finished = true;
      }
    }
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(finished).toBe(true);

    const expected = expectedSightings(tenant.sandbox, tenant.mailboxes, syncedAt);
    expect(expected.size).toBeGreaterThan(100);
    const { sightings, rowsPerKey } = await tenant.stored();
    expect([...rowsPerKey.values()].every((n) => n === 1)).toBe(true);
    expect(asPairs(sightings)).toEqual(asPairs(expected));
  }, 300_000);
});
