/**
 * A simulated Salesforce org over real HTTPS on 127.0.0.1: the OAuth token endpoint, the REST API's
 * Query, QueryAll, query-more and Limits resources, the daily API request allocation (every
 * authenticated call counts; when it is used up: 403 REQUEST_LIMIT_EXCEEDED), sessions that time
 * out or are revoked (401 INVALID_SESSION_ID), and injectable outages for fault tests. One server
 * plays both the login host and the instance (instance_url points back at it).
 */
import type { CrmSnapshot } from '@correspondent/contract';
import { headerOf, startSimServer, type SimHandler, type SimRequest, type SimResponse } from '../https-server.js';
import { createSimulatorTls } from '../tls.js';
import { SalesforceAuth, type ConnectedApp } from './salesforce-auth.js';
import { recordId } from './salesforce-ids.js';
import { SalesforceOrg } from './salesforce-org.js';
import { batchSizeOf, QueryService, sfError } from './salesforce-query.js';

export const SALESFORCE_API_VERSION = 'v62.0';
const MIN_VERSION = 31;

export type SalesforceSimulatorOptions = {
  /** The directory to serve (the demo tenant's CRM, a bench directory); default empty. */
  seed?: CrmSnapshot;
  clock?: () => Date;
  /** The connected app; defaults: client credentials enabled for the first seeded user. */
  app?: Partial<ConnectedApp>;
  /** The org's session timeout (default two hours, Salesforce's default). */
  sessionTimeoutMs?: number;
  /** API requests allowed in the rolling 24 hours (default 100,000). */
  dailyApiRequests?: number;
};

export type SalesforceSimulator = {
  /** The login URL (token endpoint host) and, here, also the instance URL. */
  readonly loginUrl: string;
  readonly caPem: string;
  readonly org: SalesforceOrg;
  readonly app: Readonly<ConnectedApp>;
  readonly controls: {
    rotateSecret(secret: string): void;
    revokeSessions(): void;
    expireSessions(): void;
    /** Sets how many API requests remain in the 24-hour allocation. */
    setRemainingApiRequests(remaining: number): void;
    /** The next `count` API requests after `after` more succeed answer 503 SERVER_UNAVAILABLE. */
    failRequests(after: number, count: number): void;
  };
  /** Authenticated REST API requests served (token requests not counted). */
  apiRequests(): number;
  stop(): Promise<void>;
};

export async function startSalesforceSimulator(options: SalesforceSimulatorOptions = {}): Promise<SalesforceSimulator> {
  const clock = options.clock ?? (() => new Date());
  const org = new SalesforceOrg(clock);
  if (options.seed) org.seed(options.seed);
  const orgId = recordId('Organization', 1);
  const firstUser = org.all('User')[0];
  const app: ConnectedApp = {
    clientId: '3MVG9simulated.consumer.key',
    clientSecret: 'simulated-consumer-secret',
    certificatePem: null,
    runAsUsername: typeof firstUser?.['Username'] === 'string' ? firstUser['Username'] : null,
    preAuthorizedUsernames: [],
    ...options.app,
  };
  const userIdOf = (username: string) => {
    const user = org.all('User').find((u) => u['Username'] === username && u['IsActive'] === true);
    return user ? user.Id : null;
  };
  let baseUrl = '';
  const auth = new SalesforceAuth(app, orgId, userIdOf, { loginUrl: () => baseUrl, sessionTimeoutMs: options.sessionTimeoutMs ?? 2 * 3600_000, clock });
  const queries = new QueryService(org, clock);
  const maxApi = options.dailyApiRequests ?? 100_000;
  let used = 0;
  let remaining = maxApi;
  let failAfter = -1;
  let failCount = 0;

  /** Authentication, the version check and the request allocation, around each REST resource. */
  const api = (handler: (request: SimRequest, owner: string, version: string) => SimResponse): SimHandler => (request) => {
    const session = auth.session(headerOf(request, 'authorization'));
    if (!session) return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    const version = request.params['version'] ?? '';
    if (!/^v\d+\.0$/.test(version) || Number(version.slice(1, -2)) < MIN_VERSION) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (remaining <= 0) return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    remaining -= 1;
    used += 1;
    const limitInfo = { 'sforce-limit-info': `api-usage=${maxApi - remaining}/${maxApi}` };
    if (failAfter === 0 && failCount > 0) {
      failCount -= 1;
      return { ...sfError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable.'), headers: limitInfo };
    }
    if (failAfter > 0) failAfter -= 1;
    const response = handler(request, session.username, version);
    return { ...response, headers: { ...response.headers, ...limitInfo } };
  };
  const queryOptions = (request: SimRequest, owner: string, version: string) => ({ version, owner, batchSize: batchSizeOf(headerOf(request, 'sforce-query-options')) });
  const runQuery = (all: boolean) =>
    api((request, owner, version) => {
      const q = request.url.searchParams.get('q');
      if (!q) return sfError(400, 'MALFORMED_QUERY', 'The q parameter is required.');
      return queries.run(q, { ...queryOptions(request, owner, version), all });
    });

  const tls = createSimulatorTls();
  const server = await startSimServer(
    tls,
    [
      { method: 'POST', path: '/services/oauth2/token', handler: (request) => auth.token(request.body) },
      { method: 'GET', path: '/services/data/:version/query', handler: runQuery(false) },
      { method: 'GET', path: '/services/data/:version/queryAll', handler: runQuery(true) },
      { method: 'GET', path: '/services/data/:version/query/:locator', handler: api((request, owner, version) => queries.more(request.params['locator'] ?? '', queryOptions(request, owner, version))) },
      {
        method: 'GET',
        path: '/services/data/:version/limits',
        handler: api(() => ({ status: 200, json: { DailyApiRequests: { Max: maxApi, Remaining: remaining } } })),
      },
    ],
    () => sfError(404, 'NOT_FOUND', 'The requested resource does not exist'),
  );
  baseUrl = server.baseUrl;
  return {
    loginUrl: baseUrl,
    caPem: tls.caPem,
    org,
    get app() {
      return app;
    },
    controls: {
      rotateSecret: (secret) => auth.rotateSecret(secret),
      revokeSessions: () => auth.revokeSessions(),
      expireSessions: () => auth.expireSessions(),
      setRemainingApiRequests: (n) => (remaining = n),
      failRequests: (after, count) => {
        failAfter = after;
        failCount = count;
      },
    },
    apiRequests: () => used,
    stop: () => server.close(),
  };
}
