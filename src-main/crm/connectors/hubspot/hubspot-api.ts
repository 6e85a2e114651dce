/**
 * The HubSpot calls the connector makes, each one request: list pages with `after` cursors,
 * search pages, association batches, owners, pipelines, account details. Failures become named
 * AppErrors: 401 is 'crm-auth' (a private app token that was revoked or rotated), 403 is
 * 'crm-auth' naming the scopes to grant, a 429 is waited out per HubSpot's rate-limit headers
 * (DAILY cannot be waited out: 'crm-limit' at once), anything else is 'crm-unreachable'.
 */
import type { Dispatcher } from 'undici';
import { AppError } from '../../../../src-shared/errors.js';
import { createCrmHttp, retryAfterMs, type CrmHttp, type CrmHttpResponse, type Sleep } from './crm-http.js';
import type { HubspotConfig } from './hubspot-config.js';

export const HUBSPOT_SCOPES = ['crm.objects.companies.read', 'crm.objects.contacts.read', 'crm.objects.deals.read', 'crm.objects.owners.read'];

type Page<T> = { results: T[]; paging?: { next?: { after?: string } } };

function hubspotDelay(response: CrmHttpResponse, now: number): number | null {
  const body = (response.json ?? {}) as { policyName?: string };
  if (body.policyName === 'DAILY') return null;
  const after = retryAfterMs(response.headers, now);
  if (after !== null) return after;
  if (body.policyName === 'SECONDLY') return 1000;
  const interval = Number(response.headers['x-hubspot-ratelimit-interval-milliseconds']);
  return Number.isFinite(interval) && interval > 0 ? interval : 10_000;
}

function failure(response: CrmHttpResponse, what: string): AppError {
  const body = (response.json ?? {}) as { category?: string; message?: string };
  if (response.status === 401) {
    return new AppError('crm-auth', `HubSpot refused the private app access token (${body.category ?? 'HTTP 401'}): it was revoked or rotated, or is not a token of this portal. Paste the app's current token.`);
  }
  if (response.status === 403) {
    return new AppError('crm-auth', `HubSpot refused ${what} (${body.category ?? 'HTTP 403'}): give the private app the scopes ${HUBSPOT_SCOPES.join(', ')}.`);
  }
  return new AppError('crm-unreachable', `HubSpot answered ${what} with HTTP ${response.status}${body.category ? ` ${body.category}` : ''}${body.message ? `: ${body.message}` : ''}.`, {
    retryable: response.status >= 500,
  });
}

export type HubspotApi = {
  get<T>(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T>;
  /** Every page of a list endpoint, `after` cursor to `after` cursor. */
  listAll<T>(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<T[]>;
  /** The same, handing each page over as it arrives (a full read keeps mapped rows, not raw pages). */
  listEach<T>(path: string, query: Record<string, string>, onPage: (results: T[]) => void, signal?: AbortSignal): Promise<void>;
  http: CrmHttp;
};

export function createHubspotApi(config: HubspotConfig, deps: { dispatcher: Dispatcher; sleep: Sleep; now: () => number }): HubspotApi {
  const http = createCrmHttp({
    vendor: 'HubSpot',
    dispatcher: deps.dispatcher,
    sleep: deps.sleep,
    retry: { retryDelay: (r) => hubspotDelay(r, deps.now()), maxAttempts: config.maxAttempts, maxWaitMs: config.maxRetryWaitMs },
  });
  const auth = { authorization: `Bearer ${config.accessToken}` };
  const base = config.baseUrl.replace(/\/$/, '');
  const get = async <T>(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<T> => {
    const url = new URL(`${base}${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const response = await http.send('GET', url.toString(), { headers: auth, signal });
    if (response.status !== 200) throw failure(response, `GET ${path}`);
    return response.json as T;
  };
  return {
    get,
    async post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
      const response = await http.send('POST', `${base}${path}`, { headers: auth, body, signal });
      if (response.status !== 200 && response.status !== 207) throw failure(response, `POST ${path}`);
      return response.json as T;
    },
    async listAll<T>(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<T[]> {
      const out: T[] = [];
      await this.listEach<T>(path, query, (results) => out.push(...results), signal);
      return out;
    },
    async listEach<T>(path: string, query: Record<string, string>, onPage: (results: T[]) => void, signal?: AbortSignal): Promise<void> {
      let after: string | undefined;
      do {
        const page: Page<T> = await get<Page<T>>(path, after === undefined ? query : { ...query, after }, signal);
        onPage(page.results);
        after = page.paging?.next?.after;
      } while (after !== undefined);
    },
    http,
  };
}
