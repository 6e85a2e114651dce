import { ConfidentialClientApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '@correspondent/m365-sandbox';
import { sandboxClient, type SandboxClient } from './sandbox-client.js';

let sandbox: SandboxHandle;
let client: SandboxClient;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 7, accessTokenLifetimeSeconds: 1234 });
  client = sandboxClient(sandbox.caPem);
});
afterAll(async () => {
  await client.close();
  await sandbox.stop();
});

const tokenUrl = (tenant: string) => `${sandbox.baseUrl}/${tenant}/oauth2/v2.0/token`;
const form = (overrides: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: sandbox.clientId,
  client_secret: sandbox.clientSecret,
  scope: 'https://graph.microsoft.com/.default',
  ...overrides,
});

describe('sandbox Entra ID', () => {
  it('serves a handle with the documented URLs', () => {
    expect(sandbox.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.authorityHost).toBe(sandbox.baseUrl.slice('https://'.length));
    expect(sandbox.authority).toBe(`${sandbox.baseUrl}/${sandbox.tenantId}`);
    expect(sandbox.graphBaseUrl).toBe(`${sandbox.baseUrl}/v1.0`);
    expect(sandbox.tenantId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('publishes OpenID configuration pointing at itself, for the GUID and the org domain', async () => {
    for (const tenant of [sandbox.tenantId, sandbox.orgDomains[0] ?? '']) {
      const { status, body } = await client.get(`${sandbox.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        issuer: `${sandbox.authority}/v2.0`,
        authorization_endpoint: `${sandbox.authority}/oauth2/v2.0/authorize`,
        token_endpoint: `${sandbox.authority}/oauth2/v2.0/token`,
        jwks_uri: `${sandbox.authority}/discovery/v2.0/keys`,
        end_session_endpoint: `${sandbox.authority}/oauth2/v2.0/logout`,
      });
    }
    const keys = await client.get(`${sandbox.authority}/discovery/v2.0/keys`);
    expect(keys.body['keys']).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig' })]);
  });

  it('answers instance discovery for its own host only', async () => {
    const authorize = encodeURIComponent(`${sandbox.authority}/oauth2/v2.0/authorize`);
    const ok = await client.get(`${sandbox.baseUrl}/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      tenant_discovery_endpoint: `${sandbox.authority}/v2.0/.well-known/openid-configuration`,
      metadata: [{ preferred_network: sandbox.authorityHost, aliases: [sandbox.authorityHost] }],
    });
    const foreign = await client.get(
      `${sandbox.baseUrl}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://login.example.com/x/oauth2/v2.0/authorize')}`,
    );
    expect(foreign.body['error']).toBe('invalid_instance');
  });

  it('issues RS256 JWT access tokens for client credentials (form and HTTP Basic)', async () => {
    const posted = await client.postForm(tokenUrl(sandbox.tenantId), form());
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ token_type: 'Bearer', expires_in: 1234, ext_expires_in: 1234 });
    const [header, payload] = String(posted.body['access_token']).split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toMatchObject({ aud: 'https://graph.microsoft.com', tid: sandbox.tenantId, appid: sandbox.clientId });
    expect(posted.body).not.toHaveProperty('refresh_token');

    const basic = Buffer.from(`${encodeURIComponent(sandbox.clientId)}:${encodeURIComponent(sandbox.clientSecret)}`).toString('base64');
    const viaBasic = await client.postForm(
      tokenUrl(sandbox.orgDomains[0] ?? ''),
      { grant_type: 'client_credentials', scope: `${sandbox.baseUrl}/.default` },
      { authorization: `Basic ${basic}` },
    );
    expect(viaBasic.status).toBe(200);
  });

  it.each([
    ['wrong secret', () => ({ tenant: sandbox.tenantId, fields: form({ client_secret: 'nope' }) }), 401, 'invalid_client', 7000215],
    ['unknown client', () => ({ tenant: sandbox.tenantId, fields: form({ client_id: '11111111-2222-4333-8444-555555555555' }) }), 400, 'unauthorized_client', 700016],
    ['unknown tenant', () => ({ tenant: 'fabrikam.onmicrosoft.com', fields: form() }), 400, 'invalid_request', 90002],
    ['bad scope', () => ({ tenant: sandbox.tenantId, fields: form({ scope: 'https://graph.microsoft.com/Mail.Read' }) }), 400, 'invalid_scope', 70011],
  ])('refuses a %s with the Entra error body', async (_name, input, status, error, code) => {
    const { tenant, fields } = input();
    const response = await client.postForm(tokenUrl(tenant), fields, { 'client-request-id': 'corr-123' });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error, error_codes: [code], correlation_id: 'corr-123' });
    expect(String(response.body['error_description'])).toMatch(new RegExp(`^AADSTS${code}: `));
    expect(response.body['trace_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body['timestamp']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
    expect(String(response.body['error_uri'])).toContain(`code=${code}`);
  });

  it('works as a custom authority for msal-node ConfidentialClientApplication', async () => {
    const cca = new ConfidentialClientApplication({
      auth: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, authority: sandbox.authority, knownAuthorities: [sandbox.authorityHost] },
      system: { networkClient: client.msalNetworkClient },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(result?.accessToken).toBeTruthy();
    const users = await client.get(`${sandbox.graphBaseUrl}/users`, { authorization: `Bearer ${result?.accessToken}` });
    expect(users.status).toBe(200);

    const wrong = new ConfidentialClientApplication({
      auth: { clientId: sandbox.clientId, clientSecret: 'wrong', authority: sandbox.authority, knownAuthorities: [sandbox.authorityHost] },
      system: { networkClient: client.msalNetworkClient },
    });
    await expect(wrong.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })).rejects.toMatchObject({ errorCode: 'invalid_client' });
  });
});
