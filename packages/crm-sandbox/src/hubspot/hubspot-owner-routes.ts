/**
 * Owners (GET /crm/v3/owners, `after` paging, `archived=true` for deactivated users), deal
 * pipelines with their stages (`metadata.isClosed` and `probability` as strings, as HubSpot sends
 * them) and the account details endpoint the connector's "test the connection" calls.
 */
import { hubspotError } from './hubspot-errors.js';
import type { HubspotStore } from './hubspot-store.js';
import type { SimRoute } from './simulator-https.js';

const OWNERS_MAX_LIMIT = 500;

export function hubspotOwnerRoutes(store: HubspotStore, origin: string, portalId: number): SimRoute[] {
  return [
    {
      method: 'GET',
      path: '/crm/v3/owners',
      handler: (request) => {
        const rawLimit = request.url.searchParams.get('limit');
        const limit = rawLimit === null ? 100 : Number(rawLimit);
        if (!Number.isInteger(limit) || limit < 1 || limit > OWNERS_MAX_LIMIT) return hubspotError(400, 'VALIDATION_ERROR', `limit must be between 1 and ${OWNERS_MAX_LIMIT}.`);
        const archived = request.url.searchParams.get('archived') === 'true';
        const after = Number(request.url.searchParams.get('after') ?? '0');
        const all = [...store.owners.values()].filter((o) => o.archived === archived && Number(o.id) > after).sort((a, b) => Number(a.id) - Number(b.id));
        const page = all.slice(0, limit);
        const json: Record<string, unknown> = {
          results: page.map((o) => ({
            id: o.id,
            email: o.email,
            type: 'PERSON',
            firstName: o.firstName,
            lastName: o.lastName,
            userId: o.userId,
            createdAt: new Date(o.createdAt).toISOString(),
            updatedAt: new Date(o.updatedAt).toISOString(),
            archived: o.archived,
          })),
        };
        const last = page.at(-1);
        if (all.length > limit && last) json['paging'] = { next: { after: last.id, link: `${origin}/crm/v3/owners?limit=${limit}&after=${last.id}${archived ? '&archived=true' : ''}` } };
        return { status: 200, json };
      },
    },
    {
      method: 'GET',
      path: '/crm/v3/pipelines/deals',
      handler: () => ({
        status: 200,
        json: {
          results: [
            {
              id: 'default',
              label: 'Sales Pipeline',
              displayOrder: 0,
              archived: false,
              stages: store.stages.map((s) => ({
                id: s.id,
                label: s.label,
                displayOrder: s.displayOrder,
                archived: false,
                metadata: { isClosed: String(s.isClosed), probability: s.probability.toFixed(1) },
              })),
            },
          ],
        },
      }),
    },
    {
      method: 'GET',
      path: '/account-info/v3/details',
      handler: () => ({
        status: 200,
        json: { portalId, accountType: 'STANDARD', timeZone: 'Europe/London', companyCurrency: 'EUR', additionalCurrencies: [], utcOffset: '+00:00', utcOffsetMilliseconds: 0, uiDomain: 'app-eu1.hubspot.com', dataHostingLocation: 'eu1' },
      }),
    },
  ];
}
