/**
 * The sandbox's consent standings and Exchange access scopes, checked on the wire against what
 * Microsoft documents (docs/microsoft-entra.md): a missing service principal (7000229 / 700016),
 * role-less tokens, partial grants, an application access policy ("Access to OData is disabled.")
 * and RBAC for Applications (scoped mail access that never shows in the token).
 */
import { decodeJwt } from 'jose';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '@correspondent/m365-sandbox';
import { sandboxClient, type SandboxClient } from './sandbox-client.js';

let sandbox: SandboxHandle;
let client: SandboxClient;
let inScope: string;
let outOfScope: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 17 });
  client = sandboxClient(sandbox.caPem);
  const mailboxes = sandbox.users.filter((u) => u.hasMailbox).map((u) => u.address);
  [inScope, outOfScope] = mailboxes as [string, string];
});
afterAll(async () => {
  await client.close();
  await sandbox.stop();
});
beforeEach(() => {
  sandbox.grantConsent('admin@example');
  sandbox.applyAccessPolicy(null);
  sandbox.assignMailRbacScope(null);
});

const tokenRequest = () =>
  client.postForm(`${sandbox.authority}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret, scope: 'https://graph.microsoft.com/.default' });

async function appToken(): Promise<string> {
  const reply = await tokenRequest();
  expect(reply.status).toBe(200);
  return String(reply.body['access_token']);
}

const get = (token: string, path: string) => client.get(`${sandbox.graphBaseUrl}${path}`, { authorization: `Bearer ${token}` });
const inbox = (token: string, mailbox: string) => get(token, `/users/${encodeURIComponent(mailbox)}/mailFolders/inbox?$select=id`);

describe('sandbox Entra: the app never consented in the tenant', () => {
  it('without a service principal of an app registered here: 401 invalid_client AADSTS7000229', async () => {
    sandbox.removeServicePrincipal();
    const reply = await tokenRequest();
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ error: 'invalid_client', error_codes: [7000229] });
    expect(String(reply.body['error_description'])).toMatch(/^AADSTS7000229: The client application .* is missing service principal in the tenant/);
    expect(sandbox.consentState()).toMatchObject({ servicePrincipal: false, granted: false, roles: [] });
  });

  it('for a multi-tenant app from another tenant nobody consented here: 400 unauthorized_client AADSTS700016', async () => {
    sandbox.removeServicePrincipal({ registeredIn: 'other-tenant' });
    const reply = await tokenRequest();
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
  });

  it('with a service principal but nothing granted: a token without roles, and 403 from Graph', async () => {
    sandbox.revokeConsent();
    const token = await appToken();
    expect(decodeJwt(token)).not.toHaveProperty('roles');
    expect((await get(token, '/users')).status).toBe(403);
    expect((await inbox(token, inScope)).body).toMatchObject({ error: { code: 'ErrorAccessDenied' } });
  });

  it('admin consent creates the service principal and grants what the registration lists', async () => {
    sandbox.removeServicePrincipal();
    sandbox.setRequiredPermissions(['User.Read.All']);
    try {
      const url = `${sandbox.authority}/v2.0/adminconsent?client_id=${sandbox.clientId}&scope=${encodeURIComponent('https://graph.microsoft.com/.default')}&redirect_uri=${encodeURIComponent('http://localhost:5000/')}&state=s`;
      const agent = new Agent({ connect: { ca: sandbox.caPem } });
      const answer = await request(url, { dispatcher: agent });
      await answer.body.text();
      await agent.close();
      expect(answer.statusCode).toBe(302);
      expect(sandbox.consentState()).toMatchObject({ servicePrincipal: true, roles: ['User.Read.All'] });
      expect(decodeJwt(await appToken())['roles']).toEqual(['User.Read.All']);
    } finally {
      sandbox.setRequiredPermissions(['Mail.Read', 'User.Read.All', 'Domain.Read.All']);
    }
  });
});

describe('sandbox Entra: a partial grant', () => {
  it('issues a token with exactly the granted roles; Graph serves what they allow and refuses the rest', async () => {
    sandbox.grantConsent('admin@example', { roles: ['User.Read.All', 'Domain.Read.All'] });
    const token = await appToken();
    expect(decodeJwt(token)['roles']).toEqual(['User.Read.All', 'Domain.Read.All']);
    expect((await get(token, '/users?$top=1')).status).toBe(200);
    expect((await get(token, '/domains')).status).toBe(200);
    const mail = await inbox(token, inScope);
    expect(mail.status).toBe(403);
    expect(mail.body).toMatchObject({ error: { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' } });

    sandbox.grantConsent('admin@example', { roles: ['Mail.Read'] });
    const mailOnly = await appToken();
    expect((await inbox(mailOnly, inScope)).status).toBe(200);
    const users = await get(mailOnly, '/users');
    expect(users.status).toBe(403);
    expect(users.body).toMatchObject({ error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } });
  });
});

describe('sandbox Exchange: scoping the app to some mailboxes', () => {
  it('an application access policy (RestrictAccess) answers 403 "Access to OData is disabled." outside its group, and DenyAccess the reverse', async () => {
    const token = await appToken();
    expect((await inbox(token, outOfScope)).status).toBe(200);
    sandbox.applyAccessPolicy({ members: [inScope] });
    expect((await inbox(token, inScope)).status).toBe(200);
    const refused = await inbox(token, outOfScope);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'ErrorAccessDenied', message: 'Access to OData is disabled.' } });
    // Every mail path of the excluded mailbox, delta included.
    const delta = await get(token, `/users/${encodeURIComponent(outOfScope)}/mailFolders/inbox/messages/delta`);
    expect(delta.body).toMatchObject({ error: { message: 'Access to OData is disabled.' } });
    // Directory reads are not Exchange's to scope.
    expect((await get(token, '/users?$top=1')).status).toBe(200);

    sandbox.applyAccessPolicy({ accessRight: 'DenyAccess', members: [inScope] });
    expect((await inbox(token, inScope)).status).toBe(403);
    expect((await inbox(token, outOfScope)).status).toBe(200);
  });

  it('RBAC for Applications grants mail inside its scope with no Mail.Read in the token, and adds to (never narrows) an Entra grant', async () => {
    sandbox.grantConsent('admin@example', { roles: ['User.Read.All', 'Domain.Read.All'] });
    sandbox.assignMailRbacScope({ members: [inScope] });
    const token = await appToken();
    expect(decodeJwt(token)['roles']).not.toContain('Mail.Read');
    expect((await inbox(token, inScope)).status).toBe(200);
    const outside = await inbox(token, outOfScope);
    expect(outside.status).toBe(403);
    expect(outside.body).toMatchObject({ error: { code: 'ErrorAccessDenied' } });

    // With the tenant-wide Entra Mail.Read still granted, the scope restricts nothing.
    sandbox.grantConsent('admin@example');
    const unscoped = await appToken();
    expect((await inbox(unscoped, outOfScope)).status).toBe(200);
  });

  it('refuses a scope naming someone the tenant does not have', () => {
    expect(() => sandbox.applyAccessPolicy({ members: ['nobody@nowhere.example'] })).toThrow(/no user nobody@nowhere\.example/);
  });
});

describe('sandbox: seeded tenants scoped to the opted-in users', () => {
  it.each([
    ['access-policy', 'Access to OData is disabled.', true],
    ['rbac', 'Access is denied. Check credentials and try again.', false],
  ] as const)('scopeToOptedIn %s: opted-in mailboxes answer, the others 403 (%s); Mail.Read in the token: %s', async (scope, message, mailReadInToken) => {
    // Two mailboxes, one opted in by the CRM, the other not.
    const envelope = (mailbox: string) => ({ mailbox, folder: 'inbox', message: { id: `m-${mailbox}`, subject: 'Hello', receivedDateTime: '2026-11-02T09:00:00Z' } });
    const crm = {
      accounts: [],
      contacts: [],
      leads: [],
      opportunities: [],
      users: [
        { id: 'U-1', email: 'opted.in@scope.example', name: 'Opted In', signedUpAt: null, optedIn: true },
        { id: 'U-2', email: 'opted.out@scope.example', name: 'Opted Out', signedUpAt: null, optedIn: false },
      ],
    };
    const seeded = await startSandbox({ seed: 19, envelopes: [envelope('opted.in@scope.example'), envelope('opted.out@scope.example')], crm, scopeToOptedIn: scope });
    const seededClient = sandboxClient(seeded.caPem);
    try {
      const optedIn = new Set(seeded.crm.users.filter((u) => u.optedIn).map((u) => u.email.toLowerCase()));
      const mailboxes = seeded.users.filter((u) => u.hasMailbox).map((u) => u.address.toLowerCase());
      const inside = mailboxes.find((m) => optedIn.has(m));
      const outsideMailbox = mailboxes.find((m) => !optedIn.has(m));
      expect(inside && outsideMailbox).toBeTruthy();
      const reply = await seededClient.postForm(`${seeded.authority}/oauth2/v2.0/token`, { grant_type: 'client_credentials', client_id: seeded.clientId, client_secret: seeded.clientSecret, scope: 'https://graph.microsoft.com/.default' });
      const token = String(reply.body['access_token']);
      expect(((decodeJwt(token)['roles'] as string[] | undefined) ?? []).includes('Mail.Read')).toBe(mailReadInToken);
      const read = (m: string) => seededClient.get(`${seeded.graphBaseUrl}/users/${encodeURIComponent(m)}/mailFolders/inbox?$select=id`, { authorization: `Bearer ${token}` });
      expect((await read(inside ?? '')).status).toBe(200);
      const refused = await read(outsideMailbox ?? '');
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'ErrorAccessDenied', message } });
    } finally {
      await seededClient.close();
      await seeded.stop();
    }
  });
});
