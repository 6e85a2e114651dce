/**
 * Late-match jobs in MariaDB (issue 6) and the index migration 014 gave their per-mailbox read
 * (issue 17 point 5): the pending jobs of a mailbox are read by its own rows, not by walking every
 * job ever recorded, so the read's cost does not grow with the CRM's change history; a job is
 * recorded by one cursor probe per mailbox, not by walking every cursor (listings leave theirs).
 */
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

describe('late-match jobs', () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness();
    await h.store.upsertMailboxes([
      { address: 'ann@ours.example', displayName: 'Ann', graphUserId: 'u-ann', optedIn: true },
      { address: 'ben@ours.example', displayName: 'Ben', graphUserId: 'u-ben', optedIn: true },
      { address: 'cat@ours.example', displayName: 'Cat', graphUserId: 'u-cat', optedIn: false },
      { address: 'dan@ours.example', displayName: 'Dan', graphUserId: 'u-dan', optedIn: true },
    ]);
    // Mailboxes that have synced have a cursor; a job is recorded for the opted-in ones among them.
    for (const mailbox of ['ann@ours.example', 'ben@ours.example', 'cat@ours.example']) {
      await h.store.commitPage({ mailbox, folderId: 'inbox', imports: [], decisions: [], nextCursor: 'delta-1', roundComplete: true });
    }
  });
  afterAll(async () => {
    await h.close();
  });

  it('records a job for every opted-in mailbox that synced, and reads each mailbox its pending jobs until it finishes them', async () => {
    const first = await h.store.syncState.addLateMatchJob(1, { domains: ['new.example'], addresses: [] });
    const second = await h.store.syncState.addLateMatchJob(2, { domains: [], addresses: ['x@later.example'] });
    expect(await h.store.syncState.addLateMatchJob(1, { domains: ['again.example'], addresses: [] })).toBeNull();
    expect(await h.store.syncState.pendingLateMatchJobs('ann@ours.example')).toEqual([
      { id: first, keys: { domains: ['new.example'], addresses: [] } },
      { id: second, keys: { domains: [], addresses: ['x@later.example'] } },
    ]);
    expect(await h.store.syncState.pendingLateMatchJobs('cat@ours.example')).toEqual([]); // not opted in
    expect(await h.store.syncState.pendingLateMatchJobs('dan@ours.example')).toEqual([]); // never synced: reads the whole window anyway
    await h.store.syncState.finishLateMatchJob(first as number, 'ann@ours.example');
    expect((await h.store.syncState.pendingLateMatchJobs('ann@ours.example')).map((j) => j.id)).toEqual([second]);
    expect((await h.store.syncState.pendingLateMatchJobs('ben@ours.example')).map((j) => j.id)).toEqual([first, second]);
  });

  it("has the (mailbox, done_at) index the pending-jobs read can take instead of walking every job", async () => {
    const [indexes] = await h.pool.query<RowDataPacket[]>("SHOW INDEX FROM late_match_progress WHERE Key_name = 'late_match_progress_pending'");
    expect(indexes.map((r) => r['Column_name'])).toEqual(['mailbox', 'done_at', 'job_id']);
    const [rows] = await h.pool.query<RowDataPacket[]>(
      `EXPLAIN FORMAT=JSON SELECT j.id, j.keys_json FROM late_match_progress p JOIN late_match_jobs j ON j.id = p.job_id
       WHERE p.mailbox = 'ann@ours.example' AND p.done_at IS NULL ORDER BY j.id`,
    );
    expect(String(Object.values(rows[0] ?? {})[0])).toContain('late_match_progress_pending');
  });
});
