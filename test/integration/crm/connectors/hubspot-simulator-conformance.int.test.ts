/**
 * Pins the HubSpot simulator to HubSpot's documented behaviour (docs/crm-hubspot.md), over raw
 * HTTPS with no connector in between: list paging by `after` with a ready `paging.next.link`,
 * list and search page limits, the search API's 10,000-result ceiling, the error body shape, the
 * X-HubSpot-RateLimit-* headers, the 429 body, archived records, stage metadata as strings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, fetch } from 'undici';
import { startHubspotSimulator, type HubspotSimulator } from '@correspondent/crm-sandbox/hubspot/index.js';
import { crmFixture, simulatorTls } from '../../../support/crm-connector-fixture.js';

let sim: HubspotSimulator;
let agent: Agent;
beforeAll(async () => {
  sim = await startHubspotSimulator({ snapshot: crmFixture({ accounts: 12, contacts: 30, leads: 5, opportunities: 8, users: 3 }), tls: simulatorTls() });
  agent = new Agent({ connect: { ca: simulatorTls().caPem } });
});
afterAll(async () => {
  await sim.close();
  await agent.close();
});

type Body = Record<string, unknown>;
async function call(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}): Promise<{ status: number; headers: Headers; body: Body }> {
  const token = init.token === undefined ? sim.accessToken : init.token;
  const response = await fetch(path.startsWith('https://') ? path : `${sim.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    dispatcher: agent,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers as unknown as Headers, body: text ? (JSON.parse(text) as Body) : {} };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectErrorBody(body: Body, category: string): void {
  expect(body).toMatchObject({ status: 'error', category });
  expect(typeof body['message']).toBe('string');
  expect(body['correlationId']).toMatch(UUID);
}

describe('HubSpot simulator conformance', () => {
  it('pages a list with `after` and a ready link, with the default properties of the object', async () => {
    const first = await call('/crm/v3/objects/contacts?limit=20&properties=email');
    expect(first.status).toBe(200);
    const results = first.body['results'] as { id: string; properties: Record<string, unknown>; archived: boolean; createdAt: string; updatedAt: string }[];
    expect(results).toHaveLength(20);
    expect(Object.keys(results[0]!.properties).sort()).toEqual(['createdate', 'email', 'hs_object_id', 'lastmodifieddate']);
    expect(results[0]!.archived).toBe(false);
    const next = (first.body['paging'] as { next: { after: string; link: string } }).next;
    expect(next.link.startsWith(`${sim.baseUrl}/crm/v3/objects/contacts?`)).toBe(true);
    const second = await call(next.link);
    const more = second.body['results'] as { id: string }[];
    expect(more).toHaveLength(15);
    expect(second.body['paging']).toBeUndefined();
    expect(new Set([...results, ...more].map((r) => r.id)).size).toBe(35);
    const companies = await call('/crm/v3/objects/companies?limit=1');
    expect(Object.keys((companies.body['results'] as { properties: object }[])[0]!.properties)).toContain('hs_lastmodifieddate');
  });

  it('refuses a list page over 100 and a search page over 200 with the documented error body', async () => {
    const list = await call('/crm/v3/objects/contacts?limit=101');
    expect(list.status).toBe(400);
    expectErrorBody(list.body, 'VALIDATION_ERROR');
    const search = await call('/crm/v3/objects/contacts/search', { method: 'POST', body: { limit: 201 } });
    expect(search.status).toBe(400);
    expectErrorBody(search.body, 'VALIDATION_ERROR');
  });

  it('answers a search with total, results without associations, and an offset `after`; refuses paging past 10,000', async () => {
    const page = await call('/crm/v3/objects/contacts/search', {
      method: 'POST',
      body: { filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '0' }] }], sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }], limit: 10 },
    });
    expect(page.status).toBe(200);
    expect(page.body['total']).toBe(35);
    expect((page.body['results'] as Body[]).every((r) => !('associations' in r))).toBe(true);
    expect(page.body['paging']).toEqual({ next: { after: '10' } });
    const past = await call('/crm/v3/objects/contacts/search', { method: 'POST', body: { limit: 10, after: '10000' } });
    expect(past.status).toBe(400);
    expectErrorBody(past.body, 'VALIDATION_ERROR');
  });

  it('reports the rate limits in X-HubSpot-RateLimit-* headers, and a 429 with errorType RATE_LIMIT and the policy', async () => {
    const a = await call('/crm/v3/owners');
    const b = await call('/crm/v3/owners');
    for (const name of ['max', 'remaining', 'interval-milliseconds', 'daily', 'daily-remaining']) expect(a.headers.get(`x-hubspot-ratelimit-${name}`)).toMatch(/^\d+$/);
    expect(Number(b.headers.get('x-hubspot-ratelimit-remaining'))).toBe(Number(a.headers.get('x-hubspot-ratelimit-remaining')) - 1);
    sim.throttleNext(1);
    const limited = await call('/crm/v3/owners');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(limited.body['correlationId']).toMatch(UUID);
    expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
  });

  it('answers a missing or wrong token with 401 INVALID_AUTHENTICATION', async () => {
    for (const token of [null, 'pat-eu1-wrong']) {
      const response = await call('/crm/v3/objects/contacts', { token });
      expect(response.status).toBe(401);
      expectErrorBody(response.body, 'INVALID_AUTHENTICATION');
    }
  });

  it('lists archived records only with archived=true, marked archived with archivedAt', async () => {
    const id = sim.idOf('accounts', 'a-3');
    sim.archiveRecord('companies', id);
    const live = await call('/crm/v3/objects/companies?limit=100');
    expect((live.body['results'] as { id: string }[]).map((r) => r.id)).not.toContain(id);
    const archived = await call('/crm/v3/objects/companies?limit=100&archived=true');
    expect(archived.body['results']).toEqual([expect.objectContaining({ id, archived: true, archivedAt: expect.any(String) })]);
  });

  it('gives deal stages metadata.isClosed and probability as strings', async () => {
    const pipelines = await call('/crm/v3/pipelines/deals');
    const stages = (pipelines.body['results'] as { stages: { metadata: Record<string, unknown> }[] }[])[0]!.stages;
    expect(stages.length).toBeGreaterThan(0);
    for (const stage of stages) {
      expect(['true', 'false']).toContain(stage.metadata['isClosed']);
      expect(stage.metadata['probability']).toMatch(/^\d\.\d$/);
    }
  });
});
