import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvelopesJsonl, startSandbox, type SandboxHandle } from '@correspondent/m365-sandbox';
import { sandboxClient, type SandboxClient } from './sandbox-client.js';
import { openGraphSession, values, type GraphSession } from './graph-session.js';

let session: GraphSession;
let sandbox: SandboxHandle;
let client: SandboxClient;

beforeAll(async () => {
  session = await openGraphSession({ seed: 42 });
  sandbox = session.sandbox;
  client = session.client;
});
afterAll(async () => {
  await session.close();
});

const graph = (pathOrUrl: string, headers: Record<string, string> = {}) => session.graph(pathOrUrl, headers);
const mailboxUser = () => sandbox.users.find((u) => u.hasMailbox && sandbox.groundTruth.some((g) => g.mailbox === u.address && g.folder === 'inbox'))!;

describe('sandbox Graph: authentication and directory', () => {
  it('refuses requests without a valid bearer token', async () => {
    for (const authorization of [undefined, 'Bearer not-a-jwt']) {
      const response = await client.get(`${sandbox.graphBaseUrl}/users`, authorization ? { authorization } : {});
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="", authorization_uri="/);
      const error = response.body['error'] as Record<string, unknown>;
      expect(error['code']).toBe('InvalidAuthenticationToken');
      expect(error['innerError']).toEqual(expect.objectContaining({ date: expect.any(String), 'request-id': expect.any(String) }));
    }
  });

  it('refuses a token once it has expired by the injected clock', async () => {
    let now = new Date('2025-03-01T12:00:00Z');
    const timed = await startSandbox({ seed: 3, accessTokenLifetimeSeconds: 60, clock: () => now });
    const timedClient = sandboxClient(timed.caPem);
    try {
      const issued = await timedClient.postForm(`${timed.authority}/oauth2/v2.0/token`, {
        grant_type: 'client_credentials', client_id: timed.clientId, client_secret: timed.clientSecret, scope: 'https://graph.microsoft.com/.default',
      });
      const auth = { authorization: `Bearer ${String(issued.body['access_token'])}` };
      expect((await timedClient.get(`${timed.graphBaseUrl}/users`, auth)).status).toBe(200);
      now = new Date(now.getTime() + 61_000);
      const expired = await timedClient.get(`${timed.graphBaseUrl}/users`, auth);
      expect(expired.status).toBe(401);
      expect((expired.body['error'] as Record<string, unknown>)['message']).toBe('Access token has expired or is not yet valid.');
    } finally {
      await timedClient.close();
      await timed.stop();
    }
  });

  it('pages users with $top and $skiptoken and projects $select', async () => {
    const first = await graph('/users?$top=2&$select=id,mail,userPrincipalName');
    expect(first.status).toBe(200);
    expect(values(first)).toHaveLength(2);
    expect(Object.keys(values(first)[0]!).sort()).toEqual(['id', 'mail', 'userPrincipalName']);
    const seen = [...values(first)];
    let next = first.body['@odata.nextLink'] as string | undefined;
    expect(next).toContain('$skiptoken=');
    while (next) {
      const page = await graph(next);
      seen.push(...values(page));
      next = page.body['@odata.nextLink'] as string | undefined;
    }
    expect(seen.map((u) => u['userPrincipalName'])).toEqual(sandbox.users.map((u) => u.address));
    const noMailbox = sandbox.users.find((u) => !u.hasMailbox)!;
    expect(seen.find((u) => u['userPrincipalName'] === noMailbox.address)?.['mail']).toBeNull();

    const all = await graph('/users');
    expect(values(all)).toHaveLength(sandbox.users.length);
    expect(all.body['@odata.nextLink']).toBeUndefined();
    expect((await graph('/users?$top=1000')).status).toBe(400);
  });
});

describe('sandbox Graph: mail folders', () => {
  it('lists the root level with paging, and child folders', async () => {
    const user = mailboxUser();
    const firstPage = await graph(`/users/${user.graphId}/mailFolders?$top=3`);
    expect(values(firstPage)).toHaveLength(3);
    let all = [...values(firstPage)];
    let next = firstPage.body['@odata.nextLink'] as string | undefined;
    while (next) {
      const page = await graph(next);
      all = all.concat(values(page));
      next = page.body['@odata.nextLink'] as string | undefined;
    }
    expect(all.map((f) => f['displayName'])).toEqual(['Inbox', 'Sent Items', 'Drafts', 'Deleted Items', 'Archive', 'Junk Email', 'Outbox']);
    expect(all[0]).toEqual(expect.objectContaining({ parentFolderId: expect.any(String), childFolderCount: expect.any(Number), totalItemCount: expect.any(Number), unreadItemCount: expect.any(Number), isHidden: false }));

    const inbox = await graph(`/users/${user.address}/mailFolders/INBOX`);
    expect(inbox.body['id']).toBe(all[0]!['id']);
    const byParens = await graph(`/users('${user.graphId}')/mailFolders('inbox')`);
    expect(byParens.body['id']).toBe(all[0]!['id']);
    expect(inbox.body['totalItemCount']).toBe(sandbox.groundTruth.filter((g) => g.mailbox === user.address && g.folder === 'inbox').length);
  });

  it('shows the generated user folder under Inbox', async () => {
    const projectFolder = sandbox.groundTruth.find((g) => !['inbox', 'sentitems', 'drafts', 'deleteditems', 'archive', 'junkemail', 'outbox'].includes(g.folder))!;
    const owner = sandbox.users.find((u) => u.address === projectFolder.mailbox)!;
    const children = await graph(`/users/${owner.graphId}/mailFolders/inbox/childFolders`);
    expect(values(children).map((f) => f['displayName'])).toContain(projectFolder.folder);
  });

  it('answers 404 with the Graph codes for unknown users, folders and mailbox-less users', async () => {
    const unknownUser = await graph('/users/nobody@contoso.example/mailFolders');
    expect(unknownUser.status).toBe(404);
    expect((unknownUser.body['error'] as Record<string, unknown>)['code']).toBe('Request_ResourceNotFound');
    const noMailbox = sandbox.users.find((u) => !u.hasMailbox)!;
    for (const path of ['mailFolders', 'mailFolders/inbox/messages/delta']) {
      const response = await graph(`/users/${noMailbox.graphId}/${path}`);
      expect(response.status).toBe(404);
      expect((response.body['error'] as Record<string, unknown>)['code']).toBe('MailboxNotEnabledForRESTAPI');
    }
    const unknownFolder = await graph(`/users/${mailboxUser().graphId}/mailFolders/AAMkADnope/messages/delta`);
    expect(unknownFolder.status).toBe(404);
    expect((unknownFolder.body['error'] as Record<string, unknown>)['code']).toBe('ErrorFolderNotFound');
  });
});

describe('sandbox seeded from envelopes', () => {
  it('serves exactly the envelope mailboxes, folders and messages', async () => {
    const envelopes = parseEnvelopesJsonl(
      [
        { mailbox: 'sam@northwind.example', folder: 'inbox', message: { id: 'env-1', subject: 'One', internetMessageId: '<1@x.example>', receivedDateTime: '2025-02-01T10:00:00Z' } },
        { mailbox: 'sam@northwind.example', folder: 'Customers', message: { id: 'env-2', subject: 'Two', internetMessageId: '<2@x.example>', receivedDateTime: '2025-02-02T10:00:00Z' } },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const seeded = await startSandbox({ envelopes });
    const seededClient = sandboxClient(seeded.caPem);
    try {
      expect(seeded.orgDomains).toEqual(['northwind.example']);
      expect(seeded.users.map((u) => [u.address, u.hasMailbox])).toEqual([['sam@northwind.example', true]]);
      expect(seeded.groundTruth).toEqual([]);
      const issued = await seededClient.postForm(`${seeded.authority}/oauth2/v2.0/token`, {
        grant_type: 'client_credentials', client_id: seeded.clientId, client_secret: seeded.clientSecret, scope: `${seeded.baseUrl}/.default`,
      });
      const auth = { authorization: `Bearer ${String(issued.body['access_token'])}` };
      const inbox = await seededClient.get(`${seeded.graphBaseUrl}/users/sam@northwind.example/mailFolders/inbox/messages/delta?$select=subject`, auth);
      expect(values(inbox).map((m) => [m.id, m['subject']])).toEqual([['env-1', 'One']]);
      const folders = await seededClient.get(`${seeded.graphBaseUrl}/users/sam@northwind.example/mailFolders?$top=20`, auth);
      const customers = values(folders).find((f) => f['displayName'] === 'Customers')!;
      const inCustomers = await seededClient.get(`${seeded.graphBaseUrl}/users/sam@northwind.example/mailFolders/${encodeURIComponent(String(customers.id))}/messages/delta`, auth);
      expect(values(inCustomers).map((m) => m.id)).toEqual(['env-2']);
    } finally {
      await seededClient.close();
      await seeded.stop();
    }
  });
});
