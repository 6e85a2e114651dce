/**
 * The simulated Dynamics 365 Sales environment: Entra ID's client-credentials token endpoint and
 * the Dataverse Web API (v9.2) over HTTPS, generated from a CrmSnapshot. Point the Dynamics
 * connector's authority host and environment URL here; the controls change, delete and break
 * rows (incremental refresh), expire tokens and delta tokens, revoke the client secret and force
 * service protection 429s. Facts it follows, with sources: docs/crm-dynamics.md.
 */
import type { CrmSnapshot } from '@correspondent/contract';
import { dataverseError, type ServiceProtectionKind } from './dataverse-errors.js';
import { DataverseEntra } from './dataverse-entra.js';
import { API_PATH, dataverseEntityRoutes, type ChangeTrackingPolicy } from './dataverse-entity-routes.js';
import { DataverseGate, DEFAULT_SERVICE_PROTECTION, type ServiceProtection } from './dataverse-gate.js';
import { DataverseStore, type EntitySet, type Row } from './dataverse-store.js';
import { startSimulatorServer, type SimulatorTls } from '@correspondent/crm-sandbox/hubspot/simulator-https.js';

export { DATAVERSE_ENTITY_SETS, PRIMARY_KEY, type EntitySet } from './dataverse-store.js';
export { API_PATH } from './dataverse-entity-routes.js';
export type { ServiceProtectionKind } from './dataverse-errors.js';

export type DataverseSimulatorOptions = {
  snapshot: CrmSnapshot;
  tls: SimulatorTls;
  port?: number;
  clock?: () => number;
  tenantId?: string;
  clientId?: string;
  /** The organisation's public name: https://{org}.crm.dynamics.com is accepted as the token resource too. */
  org?: string;
  tokenLifetimeSeconds?: number;
  /** Organization.ExpireChangeTrackingInDays (documented default 7). */
  expireChangeTrackingInDays?: number;
  serviceProtection?: Partial<ServiceProtection>;
};

export type DataverseSimulator = {
  /** The environment URL (Organization URI): the Web API is `${environmentUrl}/api/data/v9.2`. */
  environmentUrl: string;
  /** host:port of the token endpoint (`https://{authorityHost}/{tenantId}/oauth2/v2.0/token`). */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  idOf(table: keyof CrmSnapshot, snapshotId: string): string;
  createRow(set: EntitySet, values: Record<string, unknown>): string;
  updateRow(set: EntitySet, id: string, values: Record<string, unknown>): void;
  deleteRow(set: EntitySet, id: string): void;
  row(set: EntitySet, id: string): Row | undefined;
  /** Every token issued so far now fails as expired (a new one can be asked for). */
  expireTokens(): void;
  revokeSecret(): void;
  rotateSecret(): string;
  /** Every delta token handed out so far is now ExpiredVersionStamp. */
  expireDeltaTokens(): void;
  throttleNext(count: number, retryAfterSeconds: number, kind?: ServiceProtectionKind): void;
  requestCount(): number;
  requestLog(): { method: string; path: string; status: number; prefer: string | null }[];
  close(): Promise<void>;
};

export async function startDataverseSimulator(options: DataverseSimulatorOptions): Promise<DataverseSimulator> {
  const clock = options.clock ?? Date.now;
  const tenantId = options.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const clientId = options.clientId ?? '51f81489-12ee-4a9e-aaae-a2591f45987d';
  const org = options.org ?? 'contoso';
  const appUser = { id: '0a1b2c3d-0d87-4e71-80e5-00155db19e6d', name: '# Correspondent' };
  const store = DataverseStore.fromSnapshot(options.snapshot, clock, appUser);
  const policy: ChangeTrackingPolicy = { expireDays: options.expireChangeTrackingInDays ?? 7, handedOut: new Set(), expired: new Set() };
  let origin = '';
  const entra = new DataverseEntra(tenantId, clientId, () => [origin, `https://${org}.crm.dynamics.com`], clock, options.tokenLifetimeSeconds ?? 3599);
  let gate: DataverseGate | null = null;
  const log: { method: string; path: string; status: number; prefer: string | null }[] = [];
  const server = await startSimulatorServer({
    tls: options.tls,
    ...(options.port !== undefined ? { port: options.port } : {}),
    routes: (o) => {
      origin = o;
      gate = new DataverseGate(entra, { ...DEFAULT_SERVICE_PROTECTION, ...options.serviceProtection }, clock, { authority: `${o}/${tenantId}`, resource: o });
      return [
        { method: 'POST', path: '/:tenant/oauth2/v2.0/token', handler: (request) => entra.token(request, o) },
        ...dataverseEntityRoutes(store, o, policy, clock, { userId: appUser.id, organizationId: 'b1f3c2d4-0d87-4e71-80e5-00155db19e6d' }),
      ];
    },
    guard: (request) => gate?.check(request) ?? null,
    decorate: (request, response) => {
      const prefer = request.headers['prefer'];
      log.push({ method: request.method, path: `${request.url.pathname}${request.url.search}`, status: response.status, prefer: typeof prefer === 'string' ? prefer : null });
      return response;
    },
    notFound: (request) => dataverseError(404, '0x80060888', `No route for ${request.method} ${request.url.pathname}; the Web API is under ${API_PATH}.`),
  });
  const controlsGate = () => {
    if (!gate) throw new Error('The simulator has not started.');
    return gate;
  };
  return {
    environmentUrl: server.origin,
    authorityHost: `127.0.0.1:${server.port}`,
    tenantId,
    clientId,
    get clientSecret() {
      return entra.secret;
    },
    idOf: (table, snapshotId) => {
      const id = store.idOf.get(`${String(table)}:${snapshotId}`);
      if (id === undefined) throw new Error(`No ${String(table)} row ${snapshotId} in the simulated environment.`);
      return id;
    },
    createRow: (set, values) => store.upsert(set, null, values).id,
    updateRow: (set, id, values) => {
      if (!store.tables[set].has(id)) throw new Error(`No ${set} row ${id}.`);
      store.upsert(set, id, values);
    },
    deleteRow: (set, id) => store.remove(set, id),
    row: (set, id) => store.tables[set].get(id),
    expireTokens: () => entra.expireAll(),
    revokeSecret: () => entra.revokeSecret(),
    rotateSecret: () => entra.rotateSecret(),
    expireDeltaTokens: () => {
      for (const token of policy.handedOut) policy.expired.add(token);
    },
    throttleNext: (count, retryAfterSeconds, kind = 'requests') => controlsGate().throttleNext(count, retryAfterSeconds, kind),
    requestCount: () => server.requestCount(),
    requestLog: () => log.map((e) => ({ ...e })),
    close: () => server.close(),
  };
}
