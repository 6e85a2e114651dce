/**
 * Issue 16, recorded responses: the example requests of Microsoft's documentation, kept as fixtures
 * with their source (test/fixtures/microsoft-docs), sent to the sandbox; its answers must have the
 * documented status codes, headers and shapes (test/support/doc-shapes.ts: key sets and types, not
 * ids or dates). The documented requests address `/me` and the documentation's own ids, which an
 * app-only token cannot use: they go to `/users/{mailbox}` and to the sandbox's folders, and every
 * later page follows the sandbox's own nextLink/deltaLink, as the documentation says to.
 */
import { readFileSync } from 'node:fs';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '@correspondent/m365-sandbox';
import { headerMismatches, setAtPath, shapeMismatches } from '../../support/doc-shapes.js';

type Exchange = {
  name: string;
  request: { method: string; url: string; headers: Record<string, string> };
  response: { status: number; truncated: boolean; allowExtraKeys?: string[]; headers: Record<string, string>; body: unknown };
};
type Fixture = {
  source: { url?: string; read: string };
  exchanges: Exchange[];
  errata?: { exchange: string; path: string; corrected: unknown }[];
  knownDifferences?: { exchange: string; item: number; sandboxOmits: string[] }[];
};

function fixture(name: string): Fixture {
  const parsed = JSON.parse(readFileSync(new URL(`../../fixtures/microsoft-docs/${name}`, import.meta.url), 'utf8')) as Fixture;
  expect(parsed.source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  return parsed;
}

/** The documented example as the sandbox is held to it: errata applied, known differences named. */
function documented(f: Fixture, name: string): Exchange {
  const exchange = f.exchanges.find((e) => e.name === name);
  if (!exchange) throw new Error(`no exchange "${name}"`);
  const copy = structuredClone(exchange);
  for (const e of f.errata ?? []) if (e.exchange === name) setAtPath(copy.response.body, e.path, e.corrected);
  for (const k of f.knownDifferences ?? []) {
    if (k.exchange !== name) continue;
    const item = (copy.response.body as { value: Record<string, unknown>[] }).value[k.item];
    for (const key of k.sandboxOmits) delete item?.[key];
  }
  return copy;
}

type Served = { status: number; headers: Headers; body: Record<string, unknown> };

let sandbox: SandboxHandle;
let agent: Agent;
let token: string;
let mailbox: string;

async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Served> {
  const response = await fetch(url, { method: init.method ?? 'GET', headers: { authorization: `Bearer ${token}`, ...init.headers }, ...(init.body !== undefined ? { body: init.body } : {}), dispatcher: agent });
  const text = await response.text();
  return { status: response.status, headers: response.headers as unknown as Headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function expectConforms(served: Served, exchange: Exchange): void {
  expect(served.status).toBe(exchange.response.status);
  expect(headerMismatches(exchange.response.headers, served.headers)).toEqual([]);
  expect(shapeMismatches(exchange.response.body, served.body, { truncated: exchange.response.truncated, ...(exchange.response.allowExtraKeys ? { allowExtraKeys: exchange.response.allowExtraKeys } : {}) })).toEqual([]);
}

/** The documented URL as the sandbox serves it: its Graph base, and /me as the test mailbox. */
function onSandbox(url: string, folderId?: string): string {
  const path = url.replace('https://graph.microsoft.com/v1.0', '').replace(/^\/me\//i, `/users/${encodeURIComponent(mailbox)}/`);
  return `${sandbox.graphBaseUrl}${folderId ? path.replace(/mailfolders\/[^/]+\/messages/i, `mailFolders/${folderId}/messages`) : path}`;
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 23 });
  agent = new Agent({ connect: { ca: sandbox.caPem } });
  mailbox = sandbox.users.find((u) => u.hasMailbox)?.address ?? '';
  const reply = await fetch(`${sandbox.authority}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret, scope: 'https://graph.microsoft.com/.default' }),
    dispatcher: agent,
  });
  token = String(((await reply.json()) as Record<string, unknown>)['access_token']);
});
afterAll(async () => {
  await agent.close();
  await sandbox.stop();
});

describe('conformance with Microsoft Graph documentation: message delta', () => {
  it('message-delta.md: a delta call with odata.maxpagesize=2', async () => {
    const f = fixture('message-delta.json');
    const doc = documented(f, 'a single delta call limited to 2 messages per page');
    const inbox = await send(`${sandbox.graphBaseUrl}/users/${encodeURIComponent(mailbox)}/mailFolders/inbox?$select=id`);
    const served = await send(onSandbox(doc.request.url.replace('{id}', String(inbox.body['id']))), { headers: doc.request.headers });
    expectConforms(served, doc);
    expect((served.body['value'] as unknown[]).length).toBeLessThanOrEqual(2);
  });

  it('delta-query-messages.md, example 1: two rounds over a folder of 5 messages (pages of 2, 2, 1), then a removal and an update', async () => {
    const f = fixture('delta-query-messages.json');
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const at = new Date(Date.UTC(2026, 10, 1, 9, i)).toISOString();
      ids.push(
        sandbox.addMessage(mailbox, 'Docs conformance', {
          subject: `Conformance ${i}`,
          isRead: i % 2 === 1,
          sender: { emailAddress: { name: `Sender ${i}`, address: `sender${i}@fabrikam.example` } },
          from: { emailAddress: { name: `Sender ${i}`, address: `sender${i}@fabrikam.example` } },
          receivedDateTime: at,
          sentDateTime: at,
        }),
      );
    }
    const folders = (await send(`${sandbox.graphBaseUrl}/users/${encodeURIComponent(mailbox)}/mailFolders?$top=100&$select=id,displayName`)).body['value'] as { id: string; displayName: string }[];
    const folder = folders.find((x) => x.displayName === 'Docs conformance');
    expect(folder).toBeDefined();

    const initial = documented(f, 'initial request');
    const prefer = initial.request.headers;
    let page = await send(onSandbox(initial.request.url, folder?.id), { headers: prefer });
    expectConforms(page, initial);
    expect(page.body['value']).toHaveLength(2);
    page = await send(String(page.body['@odata.nextLink']), { headers: prefer });
    expectConforms(page, documented(f, 'second request (the nextLink)'));
    expect(page.body['value']).toHaveLength(2);
    page = await send(String(page.body['@odata.nextLink']), { headers: prefer });
    expectConforms(page, documented(f, 'third request and final response of the round (deltaLink)'));
    expect(page.body['value']).toHaveLength(1);

    // "After the first round, one of the messages is deleted, and another is marked as read."
    sandbox.deleteMessage(mailbox, ids[4] as string);
    sandbox.markRead(mailbox, ids[0] as string);
    const next = await send(String(page.body['@odata.deltaLink']), { headers: prefer });
    expectConforms(next, documented(f, 'next round: one message deleted, another marked read'));
    expect(next.body['value']).toHaveLength(2);
  });
});

describe('conformance with Microsoft Graph documentation: mailFolder delta', () => {
  it('mailfolder-delta.md: a folder delta call with odata.maxpagesize=2; the round ends in a deltaLink that reports a new folder', async () => {
    const doc = documented(fixture('mailfolder-delta.json'), 'a single delta call limited to 2 folders per page');
    let page = await send(onSandbox(doc.request.url), { headers: doc.request.headers });
    expectConforms(page, doc);
    let rounds = 0;
    while (typeof page.body['@odata.nextLink'] === 'string' && rounds < 100) {
      page = await send(page.body['@odata.nextLink'], { headers: doc.request.headers });
      rounds += 1;
    }
    expect(page.body['@odata.deltaLink']).toEqual(expect.any(String));
    sandbox.addMessage(mailbox, 'Folder delta conformance', { subject: 'x', receivedDateTime: new Date().toISOString() });
    const changes = await send(String(page.body['@odata.deltaLink']), { headers: doc.request.headers });
    expect(changes.status).toBe(200);
    expect((changes.body['value'] as { displayName?: string }[]).map((x) => x.displayName)).toEqual(['Folder delta conformance']);
  });
});

describe('conformance with Microsoft Graph documentation: throttling', () => {
  it('throttling.md: a throttled request answers 429 with Retry-After and the sample body, exactly', async () => {
    const doc = documented(fixture('throttling.json'), 'a throttled request');
    sandbox.faults.inject({ kind: 'throttle', code: 'TooManyRequests', retryAfter: 'fractional', seconds: 2.128, mailbox });
    const served = await send(onSandbox(doc.request.url.replace('{id}', 'inbox')));
    expectConforms(served, doc);
  });
});

describe('conformance with Microsoft Graph documentation: JSON batching', () => {
  const batchUrl = () => `${sandbox.graphBaseUrl}/$batch`;
  const postBatch = (requests: unknown[]) => send(batchUrl(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ requests }) });

  it('json-batching.md: POST /v1.0/$batch answers 200 with one response per request, correlated by id', async () => {
    const doc = documented(fixture('json-batching.json'), 'a batch of five independent requests');
    const requests = [
      { id: '1', method: 'GET', url: `/users/${mailbox}/mailFolders/inbox?$select=id` },
      { id: '2', method: 'GET', url: '/users?$top=1&$select=id,displayName,userPrincipalName' },
      { id: '3', method: 'GET', url: '/users/nobody@nowhere.example/mailFolders' },
    ];
    const served = await send(batchUrl(), { method: 'POST', headers: doc.request.headers, body: JSON.stringify({ requests }) });
    // The envelope as documented: responses[] of { id, status, headers, body }, in any order.
    const envelope = { ...doc, response: { ...doc.response, body: { responses: [{ id: '1', status: 200, headers: {}, body: {} }] } } };
    expectConforms(served, envelope);
    const responses = served.body['responses'] as { id: string; status: number; body: Record<string, unknown> }[];
    expect(responses.map((r) => r.id).sort()).toEqual(['1', '2', '3']);
    expect(responses.find((r) => r.id === '3')?.status).toBe(404);
    expect(responses.find((r) => r.id === '1')?.body['id']).toEqual(expect.any(String));
    expect((responses.find((r) => r.id === '2')?.body['value'] as unknown[]).length).toBe(1);
  });

  it('refuses a batch of more than 20 requests, or with a duplicate id, as a whole with 400 (json-batching.md)', async () => {
    const get = (id: string) => ({ id, method: 'GET', url: `/users/${mailbox}/mailFolders/inbox?$select=id` });
    const tooMany = await postBatch(Array.from({ length: 21 }, (_, i) => get(String(i + 1))));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ error: { code: 'BadRequest' } });
    const duplicate = await postBatch([get('1'), get('1')]);
    expect(duplicate.status).toBe(400);
    const twenty = await postBatch(Array.from({ length: 20 }, (_, i) => get(String(i + 1))));
    expect(twenty.status).toBe(200);
    expect((twenty.body['responses'] as { status: number }[]).filter((r) => r.status === 200)).toHaveLength(20);
  });

  it('answers a member throttled on its own with 429 and its Retry-After inside a 200 batch; dependsOn on a failed member gives 424', async () => {
    sandbox.faults.inject({ kind: 'throttle', retryAfter: 'integer', seconds: 3, mailbox, count: 1 });
    const served = await postBatch([
      { id: 'a', method: 'GET', url: `/users/${mailbox}/mailFolders/inbox?$select=id` },
      { id: 'b', method: 'GET', url: '/users/nobody@nowhere.example/mailFolders', dependsOn: ['a'] },
      { id: 'c', method: 'GET', url: '/users/nobody@nowhere.example/mailFolders' },
      { id: 'd', method: 'GET', url: '/users?$top=1&$select=id', dependsOn: ['c'] },
    ]);
    expect(served.status).toBe(200);
    const byId = new Map((served.body['responses'] as { id: string; status: number; headers: Record<string, string> }[]).map((r) => [r.id, r]));
    expect(byId.get('a')?.status).toBe(429);
    expect(byId.get('a')?.headers['retry-after']).toBe('3');
    expect(byId.get('b')?.status).toBe(424);
    expect(byId.get('c')?.status).toBe(404);
    expect(byId.get('d')?.status).toBe(424);
  });

  it('logs the bytes sent per request, each member on its own, and whose content went out', async () => {
    const inbox = (await send(onSandbox(`/me/mailFolders/inbox/messages?$select=id&$top=2`))).body['value'] as { id: string }[];
    expect(inbox.length).toBe(2);
    const before = sandbox.requestLog().length;
    const served = await postBatch(inbox.map((m, i) => ({ id: String(i + 1), method: 'GET', url: `/users/${mailbox}/messages/${m.id}?$select=body` })));
    expect(served.status).toBe(200);
    const entry = sandbox.requestLog().slice(before).find((e) => e.path.endsWith('/$batch'));
    expect(entry?.bytes).toBeGreaterThan(0);
    expect(entry?.members?.map((m) => m.status)).toEqual([200, 200]);
    expect(entry?.members?.every((m) => m.bytes > 0)).toBe(true);
    expect([...(entry?.contentOf ?? [])].sort()).toEqual(inbox.map((m) => m.id).sort());
  });
});

describe('conformance with Microsoft identity platform documentation: token endpoint errors', () => {
  const tokenForm = (scope: string) => new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret, scope }).toString();
  const postToken = (form: string) => send(`${sandbox.authority}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });

  it.each(['client credentials with a scope of an unknown resource (AADSTS70011)', 'authorization code redeemed for a scope of an unknown resource (AADSTS70011)'])('%s', async (name) => {
    const doc = documented(fixture('token-errors.json'), name);
    const served = await postToken(tokenForm('https://foo.microsoft.com/.default'));
    expectConforms(served, doc);
    expect(served.body['error']).toBe('invalid_scope');
    expect(served.body['error_codes']).toEqual([70011]);
    expect(String(served.body['error_description'])).toMatch(/^AADSTS70011: /);
  });

  it('a recorded answer for an app without a service principal: 401 invalid_client AADSTS7000229, exactly its keys', async () => {
    const doc = documented(fixture('token-errors.json'), 'client credentials of an app without a service principal in the tenant (AADSTS7000229)');
    sandbox.removeServicePrincipal();
    try {
      const served = await postToken(tokenForm('https://graph.microsoft.com/.default'));
      expectConforms(served, doc);
      expect(served.body).toMatchObject({ error: 'invalid_client', error_codes: [7000229] });
    } finally {
      sandbox.grantConsent();
    }
  });
});
