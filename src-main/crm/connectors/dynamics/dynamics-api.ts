/**
 * Dataverse Web API calls with an app-only token from Entra ID (msal-node, through the product's
 * own client-credentials provider with scope `{environment URL}/.default`). A 401 is asked once
 * more with a fresh token (Dataverse tokens expire after about an hour, and msal's cache cannot
 * know a token was revoked); a second 401, or a token Entra refuses, is 'crm-auth'. A 429 is
 * waited out for Retry-After seconds (service protection limits), capped. Links to follow must
 * stay on the environment's origin: the bearer token never goes to another host.
 */
import type { Dispatcher } from 'undici';
import { AppError, isAppError } from '../../../../src-shared/errors.js';
import { createAppTokenProvider, type AccessTokenProvider } from '../../../auth/app-token-provider.js';
import type { Logger } from '../../../logging/logger.js';
import { CrmCursorExpiredError } from '../crm-connector.js';
import { createCrmHttp, retryAfterMs, type CrmHttp, type CrmHttpResponse, type Sleep } from '../hubspot/crm-http.js';
import type { DynamicsConfig } from './dynamics-config.js';

export const API_PATH = '/api/data/v9.2';
const EXPIRED_VERSION_STAMP = '0x80044352';

export type ODataPage = { value: Record<string, unknown>[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

export type DynamicsApi = {
  /** One collection page (value plus next/delta links). */
  get(url: string, prefer: string | null, signal?: AbortSignal): Promise<ODataPage>;
  /** Any other JSON answer (WhoAmI). */
  getJson(url: string, signal?: AbortSignal): Promise<unknown>;
  url(path: string): string;
  http: CrmHttp;
};

function tokenFailure(error: unknown): AppError {
  if (isAppError(error)) {
    if (error.code === 'graph-unavailable') return new AppError('crm-unreachable', 'Entra ID could not be reached for a Dynamics 365 token.', { retryable: true, cause: error });
    return new AppError('crm-auth', `Entra ID refused a token for Dynamics 365: ${error.message}`, { cause: error });
  }
  return new AppError('crm-auth', 'Entra ID refused a token for Dynamics 365.', { cause: error });
}

function failure(response: CrmHttpResponse, what: string): Error {
  const error = ((response.json ?? {}) as { error?: { code?: string; message?: string } }).error;
  if (error?.code === EXPIRED_VERSION_STAMP) return new CrmCursorExpiredError('dynamics', error.message ?? 'ExpiredVersionStamp');
  if (response.status === 401) return new AppError('crm-auth', 'Dynamics 365 refused the app\'s token twice (expired or revoked access): check the client secret and that the app registration is still consented.');
  if (response.status === 403) {
    return new AppError('crm-auth', `Dynamics 365 refused ${what}: give the application user a security role with organisation-level read on accounts, contacts, leads, opportunities and users.`);
  }
  return new AppError('crm-unreachable', `Dynamics 365 answered ${what} with HTTP ${response.status}${error?.code ? ` ${error.code}` : ''}${error?.message ? `: ${error.message}` : ''}.`, { retryable: response.status >= 500 });
}

export function createDynamicsApi(config: DynamicsConfig, deps: { dispatcher: Dispatcher; sleep: Sleep; now: () => number; logger: Logger; tokens?: AccessTokenProvider }): DynamicsApi {
  const origin = new URL(config.environmentUrl).origin;
  const tokens =
    deps.tokens ??
    createAppTokenProvider(
      { tenantId: config.tenantId, clientId: config.clientId, authorityHost: config.authorityHost, graphBaseUrl: origin, clientSecret: config.clientSecret },
      deps.dispatcher,
      deps.logger,
    );
  const http = createCrmHttp({
    vendor: 'Dynamics 365',
    dispatcher: deps.dispatcher,
    sleep: deps.sleep,
    retry: { retryDelay: (r, attempt) => retryAfterMs(r.headers, deps.now()) ?? 5000 * attempt, maxAttempts: config.maxAttempts, maxWaitMs: config.maxRetryWaitMs },
  });
  const token = async (forceRefresh: boolean) => {
    try {
      return await tokens.getAccessToken({ forceRefresh });
    } catch (error) {
      throw tokenFailure(error);
    }
  };
  const getJson = async (url: string, prefer: string | null, signal?: AbortSignal): Promise<unknown> => {
      if (new URL(url).origin !== origin) throw new AppError('crm-unreachable', 'Dynamics 365 handed out a link to another host; it was not followed.');
      const headers = (bearer: string): Record<string, string> => ({
        authorization: `Bearer ${bearer}`,
        'odata-version': '4.0',
        'odata-maxversion': '4.0',
        ...(prefer ? { prefer } : {}),
      });
      let response = await http.send('GET', url, { headers: headers(await token(false)), signal });
      if (response.status === 401) response = await http.send('GET', url, { headers: headers(await token(true)), signal });
      if (response.status !== 200) throw failure(response, `GET ${new URL(url).pathname}`);
      return response.json;
  };
  return {
    url: (path) => `${origin}${API_PATH}${path}`,
    async get(url, prefer, signal) {
      const page = (await getJson(url, prefer, signal)) as ODataPage | null;
      if (!page || !Array.isArray(page.value)) throw new AppError('crm-unreachable', 'Dynamics 365 answered with a body that is not an OData collection.');
      return page;
    },
    getJson: (url, signal) => getJson(url, null, signal),
    http,
  };
}
