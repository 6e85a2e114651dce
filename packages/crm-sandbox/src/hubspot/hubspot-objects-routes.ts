/**
 * CRM v3 object endpoints of the simulated portal (docs/crm-hubspot.md): the list with `after`
 * cursors, `properties`, `associations` and `archived=true`; the search API with filter groups,
 * one sort, `limit` up to 200 and its 10,000-result ceiling (paging past it is a 400); and the v4
 * batch association read that a search (which returns no associations) needs.
 */
import { hubspotError } from './hubspot-errors.js';
import { HUBSPOT_OBJECT_TYPES, LAST_MODIFIED_PROPERTY, type HubspotObjectType, type HubspotRecord, type HubspotStore } from './hubspot-store.js';
import type { SimRequest, SimResponse, SimRoute } from './simulator-https.js';

const LIST_MAX_LIMIT = 100;
const SEARCH_MAX_LIMIT = 200;
export const SEARCH_RESULT_CEILING = 10_000;
const ASSOCIATION_BATCH_MAX = 1000;

const ASSOCIATION_TYPE: Record<string, { label: string; primaryTypeId: number }> = {
  'contacts:companies': { label: 'contact_to_company', primaryTypeId: 1 },
  'deals:companies': { label: 'deal_to_company', primaryTypeId: 5 },
};

function objectType(request: SimRequest): HubspotObjectType | null {
  const type = request.params['objectType']?.toLowerCase();
  return (HUBSPOT_OBJECT_TYPES as readonly string[]).includes(type ?? '') ? (type as HubspotObjectType) : null;
}

function requestedProperties(request: SimRequest): string[] {
  return request.url.searchParams.getAll('properties').flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
}

function projection(type: HubspotObjectType, record: HubspotRecord, properties: string[]): Record<string, unknown> {
  const shown: Record<string, string | null> = {};
  for (const name of ['createdate', LAST_MODIFIED_PROPERTY[type], 'hs_object_id', ...properties]) {
    if (name in record.properties) shown[name] = record.properties[name] ?? null;
  }
  return {
    id: record.id,
    properties: shown,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archived,
    ...(record.archivedAt !== null ? { archivedAt: new Date(record.archivedAt).toISOString() } : {}),
  };
}

function parseLimit(raw: unknown, fallback: number, max: number): number | null {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 1 && value <= max ? value : null;
}

function listRoute(store: HubspotStore, origin: string): SimRoute['handler'] {
  return (request) => {
    const type = objectType(request);
    if (!type) return hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to infer object type from: ${request.params['objectType'] ?? ''}`);
    const limit = parseLimit(request.url.searchParams.get('limit'), 10, LIST_MAX_LIMIT);
    if (limit === null) return hubspotError(400, 'VALIDATION_ERROR', `limit must be between 1 and ${LIST_MAX_LIMIT}.`);
    const archived = request.url.searchParams.get('archived') === 'true';
    const after = Number(request.url.searchParams.get('after') ?? '0');
    if (!Number.isFinite(after)) return hubspotError(400, 'VALIDATION_ERROR', 'after is not a valid paging cursor.');
    const properties = requestedProperties(request);
    const associations = request.url.searchParams.getAll('associations').flatMap((a) => a.split(',')).map((a) => a.trim().toLowerCase());
    const fetched = store.page(type, after, archived, limit + 1);
    const page = fetched.slice(0, limit);
    const results = page.map((record) => {
      const shown = projection(type, record, properties);
      const key = `${type}:companies`;
      if (associations.includes('companies') && ASSOCIATION_TYPE[key] && record.companyId !== null) {
        shown['associations'] = { companies: { results: [{ id: record.companyId, type: ASSOCIATION_TYPE[key].label }] } };
      }
      return shown;
    });
    const last = page.at(-1);
    const json: Record<string, unknown> = { results };
    if (fetched.length > limit && last) {
      const next = new URL(`${origin}/crm/v3/objects/${type}`);
      for (const [k, v] of request.url.searchParams) if (k !== 'after') next.searchParams.append(k, v);
      next.searchParams.set('after', last.id);
      json['paging'] = { next: { after: last.id, link: next.toString() } };
    }
    return { status: 200, json };
  };
}

type Filter = { propertyName: string; operator: string; value?: unknown };
type SearchBody = { filterGroups?: { filters?: Filter[] }[]; sorts?: ({ propertyName: string; direction?: string } | string)[]; properties?: string[]; limit?: number; after?: string | number };

function comparable(type: HubspotObjectType, name: string, raw: unknown): number | string | null {
  if (raw === null || raw === undefined) return null;
  const text = String(raw);
  if (name === 'hs_object_id') return Number(text);
  if (name === LAST_MODIFIED_PROPERTY[type] || name === 'createdate' || name === 'closedate') {
    const time = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    return Number.isNaN(time) ? null : time;
  }
  return text.toLowerCase();
}

function matches(type: HubspotObjectType, record: HubspotRecord, filter: Filter): boolean {
  const actual = comparable(type, filter.propertyName, record.properties[filter.propertyName]);
  const wanted = comparable(type, filter.propertyName, filter.value);
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return actual !== null;
    case 'NOT_HAS_PROPERTY':
      return actual === null;
    case 'EQ':
      return actual !== null && actual === wanted;
    case 'NEQ':
      return actual !== wanted;
    case 'GT':
      return actual !== null && wanted !== null && actual > wanted;
    case 'GTE':
      return actual !== null && wanted !== null && actual >= wanted;
    case 'LT':
      return actual !== null && wanted !== null && actual < wanted;
    case 'LTE':
      return actual !== null && wanted !== null && actual <= wanted;
    default:
      return false;
  }
}

const OPERATORS = new Set(['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'EQ', 'NEQ', 'GT', 'GTE', 'LT', 'LTE']);

function searchRoute(store: HubspotStore): SimRoute['handler'] {
  return (request): SimResponse => {
    const type = objectType(request);
    if (!type) return hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to infer object type from: ${request.params['objectType'] ?? ''}`);
    let body: SearchBody;
    try {
      body = JSON.parse(request.body || '{}') as SearchBody;
    } catch {
      return hubspotError(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1.');
    }
    const limit = parseLimit(body.limit, 10, SEARCH_MAX_LIMIT);
    if (limit === null) return hubspotError(400, 'VALIDATION_ERROR', `limit must be between 1 and ${SEARCH_MAX_LIMIT}.`);
    const offset = Number(body.after ?? 0);
    if (!Number.isInteger(offset) || offset < 0) return hubspotError(400, 'VALIDATION_ERROR', 'after must be a non-negative integer.');
    if (offset >= SEARCH_RESULT_CEILING) {
      return hubspotError(400, 'VALIDATION_ERROR', `Search results are limited to ${SEARCH_RESULT_CEILING} total results for any given query; narrow the query instead of paging past it.`);
    }
    const groups = body.filterGroups ?? [];
    for (const filter of groups.flatMap((g) => g.filters ?? [])) {
      if (!OPERATORS.has(filter.operator)) return hubspotError(400, 'VALIDATION_ERROR', `Unknown filter operator ${filter.operator}.`);
    }
    const sorts = body.sorts ?? [];
    if (sorts.length > 1) return hubspotError(400, 'VALIDATION_ERROR', 'Only one sort is allowed.');
    const sort = sorts[0];
    const sortName = typeof sort === 'string' ? sort.replace(/^-/, '') : (sort?.propertyName ?? 'hs_object_id');
    const descending = typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING';
    const hits = store
      .sorted(type)
      .filter((r) => !r.archived && (groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matches(type, r, f)))));
    const key = (r: HubspotRecord) => comparable(type, sortName, r.properties[sortName]) ?? -Infinity;
    hits.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = x < y ? -1 : x > y ? 1 : Number(a.id) - Number(b.id);
      return descending ? -order : order;
    });
    const page = hits.slice(offset, offset + limit);
    const json: Record<string, unknown> = { total: hits.length, results: page.map((r) => projection(type, r, body.properties ?? [])) };
    if (offset + limit < hits.length) json['paging'] = { next: { after: String(offset + limit) } };
    return { status: 200, json };
  };
}

function associationBatchRoute(store: HubspotStore): SimRoute['handler'] {
  return (request) => {
    const from = request.params['fromObjectType']?.toLowerCase() ?? '';
    const to = request.params['toObjectType']?.toLowerCase() ?? '';
    const kind = ASSOCIATION_TYPE[`${from}:${to}`];
    if (!kind) return hubspotError(400, 'VALIDATION_ERROR', `No association between ${from} and ${to}.`);
    let inputs: { id?: unknown }[];
    try {
      inputs = ((JSON.parse(request.body || '{}') as { inputs?: { id?: unknown }[] }).inputs ?? []) as { id?: unknown }[];
    } catch {
      return hubspotError(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1.');
    }
    if (inputs.length > ASSOCIATION_BATCH_MAX) return hubspotError(400, 'VALIDATION_ERROR', `At most ${ASSOCIATION_BATCH_MAX} inputs per batch.`);
    const started = new Date().toISOString();
    const results = inputs.flatMap(({ id }) => {
      const record = store.objects[from as HubspotObjectType].get(String(id));
      if (!record || record.archived || record.companyId === null) return [];
      return [{ from: { id: record.id }, to: [{ toObjectId: Number(record.companyId), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: kind.primaryTypeId, label: 'Primary' }] }] }];
    });
    return { status: 200, json: { status: 'COMPLETE', results, startedAt: started, completedAt: new Date().toISOString() } };
  };
}

export function hubspotObjectRoutes(store: HubspotStore, origin: string): SimRoute[] {
  return [
    { method: 'GET', path: '/crm/v3/objects/:objectType', handler: listRoute(store, origin) },
    { method: 'POST', path: '/crm/v3/objects/:objectType/search', handler: searchRoute(store) },
    { method: 'POST', path: '/crm/v4/associations/:fromObjectType/:toObjectType/batch/read', handler: associationBatchRoute(store) },
  ];
}
