/**
 * Pins the Dataverse simulator to Microsoft's documentation (docs/crm-dynamics.md), over raw
 * HTTPS: Entra's token response and AADSTS error body, the 401 challenge, odata.maxpagesize paging
 * with Preference-Applied and @odata.nextLink, change tracking's delta link and `$deletedEntity`
 * entries, the query options change tracking refuses, ExpiredVersionStamp, and the service
 * protection 429 with Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, fetch } from 'undici';
import { startDataverseSimulator, type DataverseSimulator } from '@correspondent/crm-sandbox/dataverse/index.js';
import { crmFixture, simulatorTls } from '../../../support/crm-connector-fixture.js';

let sim: DataverseSimulator;
let agent: Agent;
let token = '';
beforeAll(async () => {
  sim = await startDataverseSimulator({ snapshot: crmFixture({ accounts: 25, contacts: 10, leads: 3, opportunities: 4, users: 2 }), tls: simulatorTls() });
  agent = new Agent({ connect: { ca: simulatorTls().caPem } });
  token = String((await tokenRequest(sim.clientSecret)).body['access_token']);
});
afterAll(async () => {
  await sim.close();
  await agent.close();
});

type Body = Record<string, unknown>;
async function tokenRequest(secret: string): Promise<{ status: number; body: Body }> {
  const response = await fetch(`https://${sim.authorityHost}/${sim.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sim.clientId, client_secret: secret, scope: `${sim.environmentUrl}/.default` }).toString(),
    dispatcher: agent,
  });
  return { status: response.status, body: (await response.json()) as Body };
}
async function get(pathOrUrl: string, headers: Record<string, string> = {}, bearer: string | null = token) {
  const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${sim.environmentUrl}/api/data/v9.2${pathOrUrl}`;
  const response = await fetch(url, { headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), 'odata-version': '4.0', ...headers }, dispatcher: agent });
  const text = await response.text();
  return { status: response.status, headers: response.headers as unknown as Headers, body: (text ? JSON.parse(text) : {}) as Body };
}
const values = (body: Body) => body['value'] as Body[];

describe('Dataverse simulator conformance', () => {
  it('issues a Bearer token for {environment}/.default and refuses a wrong secret with AADSTS7000215', async () => {
    const ok = await tokenRequest(sim.clientSecret);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number), ext_expires_in: expect.any(Number), access_token: expect.any(String) });
    const bad = await tokenRequest('wrong');
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(String(bad.body['error_description'])).toMatch(/^AADSTS7000215: /);
  });

  it('challenges a request without a valid token with 401 and WWW-Authenticate naming the authority and resource', async () => {
    const response = await get('/accounts', {}, null);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=https:\/\/.+\/oauth2\/authorize, resource_id=https:\/\//);
  });

  it('pages by odata.maxpagesize with Preference-Applied and @odata.nextLink, capped at 5,000', async () => {
    const first = await get('/accounts?$select=name', { prefer: 'odata.maxpagesize=10' });
    expect(first.status).toBe(200);
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=10');
    expect(first.body['@odata.context']).toBe(`${sim.environmentUrl}/api/data/v9.2/$metadata#accounts(name)`);
    expect(values(first.body)).toHaveLength(10);
    expect(Object.keys(values(first.body)[0]!).sort()).toEqual(['@odata.etag', 'accountid', 'name']);
    const next = String(first.body['@odata.nextLink']);
    expect(new URL(next).searchParams.get('$skiptoken')).toBeTruthy();
    const second = await get(next, { prefer: 'odata.maxpagesize=10' });
    const third = await get(String(second.body['@odata.nextLink']), { prefer: 'odata.maxpagesize=10' });
    expect(values(third.body)).toHaveLength(5);
    expect(third.body['@odata.nextLink']).toBeUndefined();
    const capped = await get('/accounts?$select=name', { prefer: 'odata.maxpagesize=6000' });
    expect(capped.headers.get('preference-applied')).toBe('odata.maxpagesize=5000');
  });

  it('answers odata.track-changes with a delta link, then changes and $deletedEntity entries through it', async () => {
    const initial = await get('/accounts?$select=name', { prefer: 'odata.track-changes' });
    expect(initial.headers.get('preference-applied')).toBe('odata.track-changes');
    const deltaLink = String(initial.body['@odata.deltaLink']);
    const deltaToken = new URL(deltaLink).searchParams.get('$deltatoken');
    expect(deltaToken).toMatch(/^\d+!\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/); // 919042!08/22/2017 08:10:44
    const gone = sim.idOf('accounts', 'a-1');
    sim.deleteRow('accounts', gone);
    sim.updateRow('accounts', sim.idOf('accounts', 'a-2'), { name: 'Changed' });
    const delta = await get(deltaLink);
    expect(String(delta.body['@odata.context'])).toMatch(/\/\$delta$/);
    expect(values(delta.body)).toEqual([
      expect.objectContaining({ name: 'Changed', accountid: sim.idOf('accounts', 'a-2') }),
      { '@odata.context': `${sim.environmentUrl}/api/data/v9.2/$metadata#accounts/$deletedEntity`, id: gone, reason: 'deleted' },
    ]);
    const quiet = await get(String(delta.body['@odata.deltaLink']));
    expect(values(quiet.body)).toEqual([]);
  });

  it('refuses $filter, $orderby, $expand and $top with change tracking, as documented', async () => {
    for (const option of ['$filter=statecode eq 0', '$orderby=name', '$top=5', '$expand=primarycontactid']) {
      const response = await get(`/accounts?$select=name&${option}`, { prefer: 'odata.track-changes' });
      expect(response.status).toBe(400);
      expect((response.body['error'] as Body)['message']).toBe(`The "${option.split('=')[0]}" query parameter isn't supported when Change Tracking is enabled.`);
    }
  });

  it('answers an expired delta token with ExpiredVersionStamp 0x80044352', async () => {
    const initial = await get('/contacts?$select=fullname', { prefer: 'odata.track-changes' });
    sim.expireDeltaTokens();
    const expired = await get(String(initial.body['@odata.deltaLink']));
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({ error: { code: '0x80044352', message: 'Version stamp associated with the client has expired. Please perform a full sync.' } });
  });

  it('answers a service protection limit with 429, Retry-After in seconds and the documented code and message', async () => {
    sim.throttleNext(1, 5);
    const limited = await get('/accounts?$select=name');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('5');
    expect(limited.body).toEqual({ error: { code: '0x80072322', message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' } });
  });
});
