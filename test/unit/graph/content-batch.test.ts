/**
 * The content stage's batches (graph-content-batch.ts) against a scripted requester: chunks of at
 * most 20, members matched by id whatever the order, 404 answered as gone, 429/503 and missing
 * members asked again after the Retry-After (the mailbox fenced), a hard failure named; and the
 * mailbox gate's weighted slots (a batch holds 4, so single requests wait behind it).
 */
import { describe, expect, it } from 'vitest';
import { fetchContents, MAX_BATCH_MEMBERS } from '../../../src-main/graph/graph-content-batch.js';
import type { BatchPost, GraphRequester } from '../../../src-main/graph/graph-request.js';
import { MailboxGate } from '../../../src-main/graph/mailbox-gate.js';

type Member = { id: string; url: string };
type Answer = (member: Member, attempt: number) => { status: number; headers?: Record<string, string>; body?: unknown } | null;

function scripted(answer: Answer) {
  const batches: Member[][] = [];
  const backOffs: { ms: number; fence: boolean }[] = [];
  const asked = new Map<string, number>();
  const notes: { retries: number; throttled: number }[] = [];
  const renewals: number[] = [];
  const requester: GraphRequester = {
    get: async () => null,
    async postBatch<T>(_url: string, _what: string, batch: BatchPost) {
      const members = (batch.body as { requests: Member[] }).requests;
      batches.push(members);
      expect(batch.members).toBe(members.length);
      const responses = members
        .map((m) => {
          const id = /messages\/([^?]+)/.exec(m.url)![1]!;
          const attempt = (asked.get(id) ?? 0) + 1;
          asked.set(id, attempt);
          const a = answer({ ...m, id }, attempt);
          return a === null ? null : { id: m.id, ...a };
        })
        .filter((r) => r !== null)
        .reverse(); // never in request order
      return { responses } as T;
    },
    noteMemberRetries: (_m, retries, throttled) => void notes.push({ retries, throttled }),
    backOff: async (_m, ms, fence) => void backOffs.push({ ms, fence }),
    counters: () => ({ requests: 0, retries: 0, throttled: 0, timeouts: 0 }),
    pageSizeOf: () => 100,
    renewToken: async () => void renewals.push(batches.length),
  };
  const options = { requester, batchUrl: '/$batch', memberPath: (id: string) => `/users/u/messages/${id}?$select=body`, mailbox: 'u', maxAttempts: 3, now: () => 0, random: () => 0.5 };
  return { options, batches, backOffs, notes, renewals };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);
const content = (id: string) => ({ body: { contentType: 'text', content: `body of ${id}` }, internetMessageHeaders: [], subject: 'never taken from a member' });

describe('fetchContents', () => {
  it('asks at most 20 per batch and matches members by id, taking only the content fields', async () => {
    const s = scripted((m) => ({ status: 200, body: { id: m.id, ...content(m.id) } }));
    const found = await fetchContents(ids(45), 'mailbox u', s.options);
    expect(s.batches.map((b) => b.length)).toEqual([20, 20, 5]);
    expect(s.batches.every((b) => b.length <= MAX_BATCH_MEMBERS)).toBe(true);
    expect(found.size).toBe(45);
    expect(found.get('m7')).toEqual({ body: { contentType: 'text', content: 'body of m7' }, internetMessageHeaders: [] });
    expect(s.batches[0]![0]).toMatchObject({ method: 'GET', headers: { Prefer: 'IdType="ImmutableId"' } });
  });

  it('answers null for a message gone since the page (404), and asks throttled or missing members again after their Retry-After', async () => {
    const s = scripted((m, attempt) => {
      if (m.id === 'm1') return { status: 404, body: { error: { code: 'ErrorItemNotFound', message: 'gone' } } };
      if (m.id === 'm2' && attempt === 1) return { status: 429, headers: { 'Retry-After': '7' }, body: { error: { code: 'ApplicationThrottled' } } };
      if (m.id === 'm3' && attempt === 1) return null; // left out of the answer
      return { status: 200, body: { id: m.id, ...content(m.id) } };
    });
    const found = await fetchContents(ids(4), 'mailbox u', s.options);
    expect(found.get('m1')).toBeNull();
    expect(found.get('m2')).toMatchObject({ body: { content: 'body of m2' } });
    expect(found.get('m3')).toMatchObject({ body: { content: 'body of m3' } });
    expect(s.batches.map((b) => b.length)).toEqual([4, 2]);
    expect(s.backOffs).toEqual([{ ms: 7000, fence: true }]);
    expect(s.notes).toEqual([{ retries: 2, throttled: 1 }]);
  });

  it('names a member failure that retrying cannot fix, and gives up on one throttled every time', async () => {
    const denied = scripted(() => ({ status: 403, body: { error: { code: 'ErrorAccessDenied', message: 'no' } } }));
    await expect(fetchContents(ids(2), 'mailbox u', denied.options)).rejects.toMatchObject({ code: 'consent-missing' });
    const throttled = scripted(() => ({ status: 429, headers: { 'retry-after': '1' } }));
    await expect(fetchContents(ids(2), 'mailbox u', throttled.options)).rejects.toMatchObject({ code: 'graph-throttled' });
    expect(throttled.batches).toHaveLength(3);
  });
});

describe('fetchContents when the token lapses between the page and the batch', () => {
  const unauthorized = { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } } };

  it('renews the token once and asks the refused members again at once, without a back-off', async () => {
    const s = scripted((m, attempt) => (m.id !== 'm0' && attempt === 1 ? unauthorized : { status: 200, body: { id: m.id, ...content(m.id) } }));
    const found = await fetchContents(ids(25), 'mailbox u', s.options);
    expect(found.size).toBe(25);
    expect([...found.values()].every((c) => c !== null && 'body' in c)).toBe(true);
    // Both first batches (20 + 5) were read before the single renewal; then the 24 refused, in 20 + 4.
    expect(s.renewals).toEqual([2]);
    expect(s.batches.map((b) => b.length)).toEqual([20, 5, 20, 4]);
    expect(s.backOffs).toEqual([]);
    expect(s.notes).toEqual([]);
  });

  it('fails with the named auth error when the new token is refused too', async () => {
    const s = scripted(() => unauthorized);
    const failure = fetchContents(ids(3), 'mailbox u', s.options);
    await expect(failure).rejects.toMatchObject({ code: 'graph-auth' });
    expect(s.renewals).toHaveLength(1);
    expect(s.batches).toHaveLength(2);
  });
});

describe('MailboxGate with weighted slots', () => {
  it('lets a batch hold 4 slots: single requests wait until it is done, and it waits for a free mailbox', async () => {
    const gate = new MailboxGate();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const single = gate.run('ann', async () => {
      order.push('single start');
      await held;
      order.push('single end');
    });
    const batch = gate.run('ann', async () => void order.push('batch'), 20);
    const after = gate.run('ann', async () => void order.push('after'));
    await Promise.resolve();
    expect(order).toEqual(['single start']);
    release();
    await Promise.all([single, batch, after]);
    expect(order).toEqual(['single start', 'single end', 'batch', 'after']);
    expect(gate.peakConcurrency).toBe(4);
  });
});
