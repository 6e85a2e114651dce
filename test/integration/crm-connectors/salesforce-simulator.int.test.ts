/**
 * Conformance of the Salesforce simulator to the documented REST behaviour (docs/crm-salesforce.md),
 * over HTTPS with a plain client: the token response of the client credentials flow, batch sizes
 * and nextRecordsUrl, Query versus QueryAll for soft-deleted records, error bodies as arrays of
 * { message, errorCode } with their statuses, and SOQL date-time literals in the documented form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startSalesforceSimulator, type SalesforceSimulator } from '@correspondent/crm-sandbox';
import { createHttpDispatcher } from '../../../src-main/net/http-dispatcher.js';

let sim: SalesforceSimulator;
let dispatcher: ReturnType<typeof createHttpDispatcher>;
let token: string;

async function get(path: string, headers: Record<string, string> = {}) {
  const reply = await request(`${sim.loginUrl}${path}`, { dispatcher, headers: { authorization: `Bearer ${token}`, ...headers } });
  return { status: reply.statusCode, body: (await reply.body.json()) as Record<string, unknown> & unknown[] };
}

beforeAll(async () => {
  sim = await startSalesforceSimulator({
    seed: {
      users: [{ id: 'U1', email: 'run-as@contoso.example', name: 'Run As', signedUpAt: null, optedIn: true }],
      accounts: [],
      contacts: Array.from({ length: 450 }, (_, i) => ({ id: `C${i}`, email: `c${i}@x.example`, accountId: null, name: `C ${i}` })),
      leads: [],
      opportunities: [],
    },
  });
  dispatcher = createHttpDispatcher({ extraCaPem: [sim.caPem] });
  const reply = await request(`${sim.loginUrl}/services/oauth2/token`, {
    dispatcher,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sim.app.clientId, client_secret: sim.app.clientSecret }).toString(),
  });
  const body = (await reply.body.json()) as Record<string, string>;
  expect(reply.statusCode).toBe(200);
  // Salesforce's token response: instance_url, id, token_type Bearer, issued_at, signature; no expires_in.
  expect(Object.keys(body).sort()).toEqual(['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type']);
  expect(body['token_type']).toBe('Bearer');
  token = body['access_token'] as string;
});
afterAll(async () => sim.stop());

describe('Salesforce simulator conformance', () => {
  it('pages by the batchSize query option (at least 200) and nextRecordsUrl until done', async () => {
    const q = encodeURIComponent('SELECT Id, Email FROM Contact');
    const first = await get(`/services/data/v62.0/query?q=${q}`, { 'sforce-query-options': 'batchSize=100' });
    expect(first.status).toBe(200);
    expect(first.body['totalSize']).toBe(450);
    expect(first.body['done']).toBe(false);
    expect((first.body['records'] as unknown[]).length).toBe(200); // 100 is below the minimum of 200
    expect(first.body['nextRecordsUrl']).toMatch(/^\/services\/data\/v62\.0\/query\/01g[0-9a-f]+-200$/);
    const record = (first.body['records'] as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(record['attributes']).toEqual({ type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${String(record['Id'])}` });
    expect(String(record['Id'])).toMatch(/^003[0-9A-Za-z]{15}$/);
    const second = await get(String(first.body['nextRecordsUrl']), { 'sforce-query-options': 'batchSize=200' });
    const third = await get(String(second.body['nextRecordsUrl']), { 'sforce-query-options': 'batchSize=200' });
    expect([(second.body['records'] as unknown[]).length, (third.body['records'] as unknown[]).length, third.body['done']]).toEqual([200, 50, true]);
    expect(third.body['nextRecordsUrl']).toBeUndefined();
    // A used locator is gone.
    const reused = await get(String(first.body['nextRecordsUrl']));
    expect([reused.status, reused.body[0]]).toEqual([400, { message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
  });

  it('leaves soft-deleted records out of Query and returns them with IsDeleted from QueryAll', async () => {
    const id = sim.org.idOf('Contact', 'C7');
    sim.org.delete('Contact', id);
    const q = encodeURIComponent(`SELECT Id, IsDeleted FROM Contact WHERE Id = '${id}'`);
    expect((await get(`/services/data/v62.0/query?q=${q}`)).body['totalSize']).toBe(0);
    const all = await get(`/services/data/v62.0/queryAll?q=${q}`);
    expect(all.body['records']).toEqual([{ attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${id}` }, Id: id, IsDeleted: true }]);
    sim.org.purge('Contact', id);
    expect((await get(`/services/data/v62.0/queryAll?q=${q}`)).body['totalSize']).toBe(0);
  });

  it('answers errors as arrays of { message, errorCode } with their HTTP statuses', async () => {
    const unknownField = await get(`/services/data/v62.0/query?q=${encodeURIComponent('SELECT Nope__c FROM Contact')}`);
    expect(unknownField.status).toBe(400);
    expect(unknownField.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD' });
    const fraction = await get(`/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Contact WHERE SystemModstamp >= 2025-01-01T00:00:00.000Z')}`);
    expect([fraction.status, (fraction.body[0] as { errorCode: string }).errorCode]).toEqual([400, 'MALFORMED_QUERY']);
    const datetime = await get(`/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM Contact WHERE SystemModstamp >= 2025-01-01T00:00:00Z')}`);
    expect(datetime.status).toBe(200);
    const bad = await request(`${sim.loginUrl}/services/data/v62.0/limits`, { dispatcher, headers: { authorization: 'Bearer nonsense' } });
    expect([bad.statusCode, await bad.body.json()]).toEqual([401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]]);
    sim.controls.setRemainingApiRequests(0);
    const limited = await get('/services/data/v62.0/limits');
    expect([limited.status, limited.body[0]]).toEqual([403, { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    sim.controls.setRemainingApiRequests(1000);
  });
});
