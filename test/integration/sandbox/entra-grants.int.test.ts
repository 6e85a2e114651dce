import { createHash, createPrivateKey, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '@correspondent/m365-sandbox';
import { createTestCertificate, type TestCertificate } from '../auth/test-certificate.js';
import { sandboxClient, type SandboxClient } from './sandbox-client.js';

let sandbox: SandboxHandle;
let client: SandboxClient;
let cert: TestCertificate;
let thumbprint: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11 });
  client = sandboxClient(sandbox.caPem);
  cert = createTestCertificate();
  thumbprint = sandbox.addCertificate(cert.certificatePem);
});
afterAll(async () => {
  await client.close();
  await sandbox.stop();
});

const tokenUrl = () => `${sandbox.authority}/oauth2/v2.0/token`;
const SCOPE = 'https://graph.microsoft.com/.default';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

async function assertion(overrides: { aud?: string; iss?: string; sub?: string; jti?: string | null; nbf?: number; exp?: number; key?: string; x5t?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { aud: overrides.aud ?? tokenUrl(), iss: overrides.iss ?? sandbox.clientId, sub: overrides.sub ?? sandbox.clientId };
  if (overrides.jti !== null) claims['jti'] = overrides.jti ?? randomUUID();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'PS256', typ: 'JWT', 'x5t#S256': overrides.x5t ?? thumbprint })
    .setNotBefore(overrides.nbf ?? now)
    .setIssuedAt(overrides.nbf ?? now)
    .setExpirationTime(overrides.exp ?? now + 600)
    .sign(createPrivateKey(overrides.key ?? cert.privateKeyPem));
}

const withAssertion = async (jwt: Promise<string>) =>
  client.postForm(tokenUrl(), { grant_type: 'client_credentials', client_id: sandbox.clientId, scope: SCOPE, client_assertion_type: JWT_BEARER, client_assertion: await jwt });

describe('sandbox Entra: certificate credentials', () => {
  it('issues a token for a well-formed assertion signed with the registered certificate', async () => {
    expect(thumbprint).toBe(createHash('sha256').update(new X509Certificate(cert.certificatePem).raw).digest('base64url'));
    const response = await withAssertion(assertion());
    expect(response.status).toBe(200);
    expect(response.body['access_token']).toEqual(expect.any(String));
  });

  it.each([
    ['an unregistered certificate', () => assertion({ x5t: randomBytes(32).toString('base64url') }), 700027],
    ['a signature by another key', () => assertion({ key: createTestCertificate().privateKeyPem }), 700027],
    ['a foreign audience', () => assertion({ aud: 'https://login.microsoftonline.com/other/oauth2/v2.0/token' }), 700212],
    ['iss other than the client id', () => assertion({ iss: randomUUID() }), 700021],
    ['sub other than the client id', () => assertion({ sub: randomUUID() }), 700021],
    ['no jti', () => assertion({ jti: null }), 50027],
    ['an expired assertion', () => assertion({ nbf: Math.floor(Date.now() / 1000) - 4000, exp: Math.floor(Date.now() / 1000) - 3000 }), 700024],
  ])('refuses %s with invalid_client', async (_name, make, code) => {
    const response = await withAssertion(make());
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: 'invalid_client', error_codes: [code] });
  });

  it('refuses assertions when the clocks disagree by more than the tolerance (700024), and accepts them again after', async () => {
    sandbox.setClockSkew(3600);
    expect((await withAssertion(assertion())).body).toMatchObject({ error_codes: [700024] });
    sandbox.setClockSkew(-3600);
    expect((await withAssertion(assertion())).body).toMatchObject({ error_codes: [700024] });
    sandbox.setClockSkew(120);
    expect((await withAssertion(assertion())).status).toBe(200);
    sandbox.setClockSkew(0);
  });

  it('serves msal-node configured with the certificate (PS256 + x5t#S256)', async () => {
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: sandbox.clientId,
        authority: sandbox.authority,
        knownAuthorities: [sandbox.authorityHost],
        clientCertificate: { thumbprintSha256: new X509Certificate(cert.certificatePem).fingerprint256.replace(/:/g, ''), privateKey: cert.privateKeyPem },
      },
      system: { networkClient: client.msalNetworkClient },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [SCOPE] });
    expect(result?.accessToken).toBeTruthy();
  });
});

describe('sandbox Entra: secrets and consent', () => {
  it('refuses a rotated-out secret (7000215) and an expired one (7000222)', async () => {
    const old = sandbox.clientSecret;
    const fresh = sandbox.rotateSecret();
    expect(fresh).not.toBe(old);
    const post = (secret: string) => client.postForm(tokenUrl(), { grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: secret, scope: SCOPE });
    expect((await post(old)).body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect((await post(fresh)).status).toBe(200);
    sandbox.expireSecret();
    const expired = await post(fresh);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: 'invalid_client', error_codes: [7000222] });
    sandbox.rotateSecret();
  });

  it('after consent is revoked issues tokens without roles (not 65001: that is for user flows), and Graph refuses them and those minted before', async () => {
    const before = await client.postForm(tokenUrl(), { grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret, scope: SCOPE });
    const token = String(before.body['access_token']);
    expect(decodeJwt(token)['roles']).toEqual(['Mail.Read', 'User.Read.All', 'Domain.Read.All']);
    sandbox.revokeConsent();
    expect(sandbox.consentState()).toMatchObject({ granted: false, servicePrincipal: true, roles: [], revokedAt: expect.any(String) });
    const after = await client.postForm(tokenUrl(), { grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret, scope: SCOPE });
    expect(after.status).toBe(200);
    const roleless = String(after.body['access_token']);
    expect(decodeJwt(roleless)).not.toHaveProperty('roles');
    for (const bearer of [token, roleless]) {
      const users = await client.get(`${sandbox.graphBaseUrl}/users`, { authorization: `Bearer ${bearer}` });
      expect(users.status).toBe(403);
      expect(users.body).toMatchObject({ error: { code: 'Authorization_RequestDenied' } });
      const mail = await client.get(`${sandbox.graphBaseUrl}/users/${sandbox.users[0]?.address ?? ''}/mailFolders`, { authorization: `Bearer ${bearer}` });
      expect(mail.status).toBe(403);
      expect(mail.body).toMatchObject({ error: { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' } });
    }
    expect((await client.get(`${sandbox.graphBaseUrl}/users`, { authorization: 'Bearer garbage' })).status).toBe(401);
    sandbox.grantConsent('admin@example');
    expect((await client.get(`${sandbox.graphBaseUrl}/users`, { authorization: `Bearer ${token}` })).status).toBe(200);
    // The role-less token stays role-less: only a new token carries the new grant.
    expect((await client.get(`${sandbox.graphBaseUrl}/users`, { authorization: `Bearer ${roleless}` })).status).toBe(403);
  });
});
