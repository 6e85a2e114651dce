/**
 * Conformance of throttling, errors and injected faults to the reference (docs microsoft-graph.md
 * sections 6.1-6.4; section named in each test). Waits go through an injected sleep that the
 * tests open and close, so nothing here depends on timing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { busiestMailbox, graphErrorOf, openGraphSession, type GraphSession } from './graph-session.js';

const sessions: GraphSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});
async function open(options: Parameters<typeof openGraphSession>[0] = {}): Promise<GraphSession> {
  const session = await openGraphSession({ seed: 21, ...options });
  sessions.push(session);
  return session;
}

/** A sleep that blocks until released; `entered` resolves once `expected` callers wait in it. */
function gate(expected: number) {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  let resolveEntered!: () => void;
  const entered = new Promise<void>((resolve) => (resolveEntered = resolve));
  const calls: number[] = [];
  const sleep = async (ms: number) => {
    calls.push(ms);
    if (calls.length === expected) resolveEntered();
    await opened;
  };
  return { sleep, entered, release, calls };
}

describe('limits conformance (microsoft-graph.md 6.1-6.2)', () => {
  it('6.1 / 6.2: a 5th concurrent request to one mailbox gets 429 ApplicationThrottled "...MailboxConcurrency limit." with Retry-After', async () => {
    const wait = gate(4);
    const s = await open({ sleep: wait.sleep });
    s.sandbox.faults.setLatency(40);
    const mailbox = busiestMailbox(s.sandbox);
    const other = s.sandbox.users.find((u) => u.hasMailbox && u.address !== mailbox)!.address;
    const inFlight = [0, 1, 2, 3].map(() => s.graph(`/users/${mailbox}/mailFolders/inbox`));
    await wait.entered;
    const fifth = await s.graph(`/users/${mailbox}/mailFolders/inbox`);
    expect(fifth.status).toBe(429);
    expect(graphErrorOf(fifth)).toMatchObject({ code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' });
    expect(fifth.headers.get('retry-after')).toMatch(/^\d+$/);
    // 6.1: exceeding one mailbox's limits does not affect another mailbox.
    s.sandbox.faults.setLatency(0);
    expect((await s.graph(`/users/${other}/mailFolders/inbox`)).status).toBe(200);
    wait.release();
    expect((await Promise.all(inFlight)).map((r) => r.status)).toEqual([200, 200, 200, 200]);

    const stats = s.sandbox.trafficStats();
    const mailboxId = s.sandbox.users.find((u) => u.address === mailbox)!.graphId;
    expect(stats.mailboxes[mailboxId]).toEqual({ requests: 5, maxConcurrency: 4, throttled: 1 });
    expect(stats.throttled).toBe(1);
    expect(wait.calls).toEqual([40, 40, 40, 40]);
  });

  it('6.1: a per-mailbox request budget per window (configurable), 429 with Retry-After until the window has room', async () => {
    let now = new Date('2025-03-01T12:00:00Z');
    const s = await open({ clock: () => now, limits: { budget: 5, windowMs: 600_000 } });
    const mailbox = busiestMailbox(s.sandbox);
    for (let i = 0; i < 5; i++) expect((await s.graph(`/users/${mailbox}/mailFolders/inbox`)).status).toBe(200);
    const refused = await s.graph(`/users/${mailbox}/mailFolders/inbox`);
    expect(refused.status).toBe(429);
    expect(graphErrorOf(refused).code).toBe('ApplicationThrottled');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // /users is a directory call, not a mailbox call: not counted against the mailbox.
    expect((await s.graph('/users')).status).toBe(200);
    now = new Date(now.getTime() + retryAfter * 1000);
    expect((await s.graph(`/users/${mailbox}/mailFolders/inbox`)).status).toBe(200);
  });

  it('6.1: the default budget is Exchange\'s, 10,000 requests per 10 minutes', async () => {
    const s = await open();
    const mailbox = busiestMailbox(s.sandbox);
    // Not 10,000 requests: the 4-concurrency limit is observable cheaply, the budget by its config.
    const { EXCHANGE_LIMITS } = await import('@correspondent/m365-sandbox/mailbox-limits.js');
    expect(EXCHANGE_LIMITS).toEqual({ concurrency: 4, budget: 10_000, windowMs: 600_000 });
    expect((await s.graph(`/users/${mailbox}/mailFolders/inbox`)).status).toBe(200);
  });
});

describe('fault conformance (microsoft-graph.md 6.2-6.4)', () => {
  it.each([
    ['integer', /^\d+$/],
    ['fractional', /^\d+\.\d{3}$/],
    ['http-date', /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/],
  ] as const)('6.2: a scripted 429 with Retry-After as %s, for the next request only', async (form, pattern) => {
    const s = await open();
    const mailbox = busiestMailbox(s.sandbox);
    s.sandbox.faults.inject({ kind: 'throttle', retryAfter: form, seconds: 2.5, count: 1 });
    const throttled = await s.graph(`/users/${mailbox}/mailFolders/inbox`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toMatch(pattern);
    expect(graphErrorOf(throttled).code).toBe('ApplicationThrottled');
    expect((await s.graph(`/users/${mailbox}/mailFolders/inbox`)).status).toBe(200);
  });

  it('6.2: a scripted 429 without Retry-After; 503 with Retry-After; 504', async () => {
    const s = await open();
    const mailbox = busiestMailbox(s.sandbox);
    s.sandbox.faults.inject({ kind: 'throttle', retryAfter: 'absent' });
    s.sandbox.faults.inject({ kind: 'unavailable', retryAfterSeconds: 7 });
    s.sandbox.faults.inject({ kind: 'gateway-timeout' });
    const path = `/users/${mailbox}/mailFolders/inbox/messages/delta`;
    const absent = await s.graph(path);
    expect([absent.status, absent.headers.get('retry-after')]).toEqual([429, null]);
    const unavailable = await s.graph(path);
    expect([unavailable.status, unavailable.headers.get('retry-after'), graphErrorOf(unavailable).code]).toEqual([503, '7', 'ServiceUnavailable']);
    const timeout = await s.graph(path);
    expect(timeout.status).toBe(504);
    expect((await s.graph(path)).status).toBe(200);
    expect(s.sandbox.trafficStats().throttled).toBe(1);
  });

  it('6.2: faults on a seeded fraction of requests replay identically for the same seed, and only for the named mailbox', async () => {
    const pattern = async () => {
      const s = await open({ seed: 77 });
      const mailbox = busiestMailbox(s.sandbox);
      const other = s.sandbox.users.find((u) => u.hasMailbox && u.address !== mailbox)!.address;
      s.sandbox.faults.inject({ kind: 'throttle', fraction: 0.5, mailbox });
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) statuses.push((await s.graph(`/users/${mailbox}/mailFolders/inbox`)).status);
      expect((await s.graph(`/users/${other}/mailFolders/inbox`)).status).toBe(200);
      return statuses;
    };
    const first = await pattern();
    expect(first).toContain(429);
    expect(first).toContain(200);
    expect(await pattern()).toEqual(first);
  });

  it('6.4: a response held longer than the client\'s time-out never arrives in time', async () => {
    const wait = gate(1);
    const s = await open({ sleep: wait.sleep });
    const mailbox = busiestMailbox(s.sandbox);
    s.sandbox.faults.inject({ kind: 'hold', ms: 120_000 });
    const controller = new AbortController();
    const pending = s.client.getText(s.url(`/users/${mailbox}/mailFolders/inbox`), { authorization: `Bearer ${s.token()}` }, controller.signal);
    await wait.entered;
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(wait.calls).toEqual([120_000]);
    wait.release();
  });

  it('6.3: truncated and non-JSON bodies are served with a JSON content type', async () => {
    const s = await open();
    const mailbox = busiestMailbox(s.sandbox);
    const url = s.url(`/users/${mailbox}/mailFolders/inbox/messages/delta`);
    const auth = { authorization: `Bearer ${s.token()}` };
    s.sandbox.faults.inject({ kind: 'truncated-json' });
    s.sandbox.faults.inject({ kind: 'invalid-json' });
    for (const response of [await s.client.getText(url, auth), await s.client.getText(url, auth)]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(() => JSON.parse(response.text) as unknown).toThrow();
    }
    const whole = await s.client.getText(url, auth);
    expect(() => JSON.parse(whole.text) as unknown).not.toThrow();
  });

  it('6.3 / 6.4: revoking issued tokens gives 401 InvalidAuthenticationToken with WWW-Authenticate until a new token is fetched', async () => {
    const s = await open();
    expect((await s.graph('/users')).status).toBe(200);
    s.sandbox.revokeAccessTokens();
    const refused = await s.graph('/users');
    expect(refused.status).toBe(401);
    expect(graphErrorOf(refused).code).toBe('InvalidAuthenticationToken');
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer realm=""/);
    await s.refreshToken();
    expect((await s.graph('/users')).status).toBe(200);
  });

  it('6.3: the error body has code, message and innerError (date, request-id, client-request-id echoed), with request-id headers', async () => {
    const s = await open();
    const response = await s.graph('/users/nobody@contoso.example/mailFolders', { 'client-request-id': 'c0ffee00-1111-4222-8333-444455556666' });
    expect(response.status).toBe(404);
    const error = graphErrorOf(response);
    expect(Object.keys(response.body)).toEqual(['error']);
    expect(error).toEqual({
      code: 'Request_ResourceNotFound',
      message: expect.any(String),
      innerError: { date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/), 'request-id': response.headers.get('request-id'), 'client-request-id': 'c0ffee00-1111-4222-8333-444455556666' },
    });
    expect(response.headers.get('client-request-id')).toBe('c0ffee00-1111-4222-8333-444455556666');
  });
});
