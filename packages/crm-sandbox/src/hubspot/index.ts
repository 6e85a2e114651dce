/**
 * The simulated HubSpot portal (CRM v3 over HTTPS): start it from a CrmSnapshot, point the
 * HubSpot connector at `baseUrl` with `accessToken`, and use the controls to change records
 * (incremental refresh), archive them (deletions), break a record, revoke or rotate the token
 * and force rate limits. Facts it follows, with sources: docs/crm-hubspot.md.
 */
import { randomBytes } from 'node:crypto';
import type { CrmSnapshot } from '@correspondent/contract';
import { hubspotError, type RateLimitPolicy } from './hubspot-errors.js';
import { DEFAULT_RATE_LIMIT, HubspotGate, type HubspotRateLimit } from './hubspot-gate.js';
import { hubspotObjectRoutes } from './hubspot-objects-routes.js';
import { hubspotOwnerRoutes } from './hubspot-owner-routes.js';
import { HubspotStore, type HubspotObjectType, type HubspotRecord } from './hubspot-store.js';
import { startSimulatorServer, type SimulatorTls } from './simulator-https.js';

export { HUBSPOT_OBJECT_TYPES, LAST_MODIFIED_PROPERTY, type HubspotObjectType } from './hubspot-store.js';
export { SEARCH_RESULT_CEILING } from './hubspot-objects-routes.js';
export type { RateLimitPolicy } from './hubspot-errors.js';
export type { SimulatorTls } from './simulator-https.js';

export type HubspotSimulatorOptions = {
  snapshot: CrmSnapshot;
  /** A server certificate for 127.0.0.1 (e.g. the Microsoft 365 sandbox's createSandboxTls()). */
  tls: SimulatorTls;
  port?: number;
  /** Milliseconds since the epoch; drives last-modified stamps and the rate-limit window. */
  clock?: () => number;
  rateLimit?: Partial<HubspotRateLimit>;
  /** Called before each request is answered (method, path with query): tests change records mid-read with it. */
  onRequest?: (method: string, path: string) => void;
};

export type HubspotSimulator = {
  baseUrl: string;
  accessToken: string;
  portalId: number;
  /** The HubSpot id given to a snapshot row: idOf('contacts', 'c-1'); tables accounts, contacts, leads, opportunities, users. */
  idOf(table: keyof CrmSnapshot, snapshotId: string): string;
  createRecord(type: HubspotObjectType, properties: Record<string, string | null>, companyId?: string | null): string;
  updateRecord(type: HubspotObjectType, id: string, properties: Record<string, string | null>, companyId?: string | null): void;
  archiveRecord(type: HubspotObjectType, id: string): void;
  record(type: HubspotObjectType, id: string): HubspotRecord | undefined;
  archiveOwner(id: string): void;
  revokeToken(): void;
  /** Rotates the private app's token: the old one stops working, the new one is returned. */
  rotateToken(): string;
  throttleNext(count: number, policy?: RateLimitPolicy): void;
  requestCount(): number;
  /** Method and path (with query) of every request, for conformance tests; never bodies or tokens. */
  requestLog(): { method: string; path: string; status: number }[];
  close(): Promise<void>;
};

const newToken = () => `pat-eu1-${randomBytes(16).toString('hex')}`;

export async function startHubspotSimulator(options: HubspotSimulatorOptions): Promise<HubspotSimulator> {
  const clock = options.clock ?? Date.now;
  const store = HubspotStore.fromSnapshot(options.snapshot, clock);
  let accessToken = newToken();
  const gate = new HubspotGate(accessToken, { ...DEFAULT_RATE_LIMIT, ...options.rateLimit }, clock);
  const portalId = 146_000_000 + Math.floor(Math.random() * 1_000_000);
  const log: { method: string; path: string; status: number }[] = [];
  const server = await startSimulatorServer({
    tls: options.tls,
    ...(options.port !== undefined ? { port: options.port } : {}),
    routes: (origin) => [...hubspotObjectRoutes(store, origin), ...hubspotOwnerRoutes(store, origin, portalId)],
    guard: (request) => {
      options.onRequest?.(request.method, `${request.url.pathname}${request.url.search}`);
      return gate.check(request);
    },
    decorate: (request, response) => {
      log.push({ method: request.method, path: `${request.url.pathname}${request.url.search}`, status: response.status });
      return gate.decorate(response);
    },
    notFound: (request) => hubspotError(404, 'OBJECT_NOT_FOUND', `No route for ${request.method} ${request.url.pathname}.`),
  });
  const mustExist = (type: HubspotObjectType, id: string) => {
    if (!store.objects[type].has(id)) throw new Error(`The simulated portal has no ${type} record ${id}.`);
  };
  return {
    baseUrl: server.origin,
    get accessToken() {
      return accessToken;
    },
    portalId,
    idOf: (table, snapshotId) => {
      const id = store.idOf.get(`${String(table)}:${snapshotId}`);
      if (id === undefined) throw new Error(`No ${String(table)} row ${snapshotId} in the simulated portal.`);
      return id;
    },
    createRecord: (type, properties, companyId) => store.upsert(type, null, properties, companyId ?? null).id,
    updateRecord: (type, id, properties, companyId) => {
      mustExist(type, id);
      store.upsert(type, id, properties, companyId);
    },
    archiveRecord: (type, id) => store.archive(type, id),
    record: (type, id) => store.objects[type].get(id),
    archiveOwner: (id) => {
      const owner = store.owners.get(id);
      if (!owner) throw new Error(`No owner ${id}.`);
      owner.archived = true;
      owner.updatedAt = clock();
    },
    revokeToken: () => gate.revokeAll(),
    rotateToken: () => {
      accessToken = newToken();
      gate.replaceToken(accessToken);
      return accessToken;
    },
    throttleNext: (count, policy = 'TEN_SECONDLY_ROLLING') => gate.throttleNext(count, policy),
    requestCount: () => server.requestCount(),
    requestLog: () => log.map((e) => ({ ...e })),
    close: () => server.close(),
  };
}
