/**
 * SOQL over the REST API: Query or QueryAll, then every `nextRecordsUrl` until `done`, 2,000
 * records a batch (the most Salesforce returns). Salesforce's error bodies are arrays of
 * { errorCode, message }: INVALID_SESSION_ID (the session timed out or was revoked) gets one new
 * token and a retry, then `crm-auth`; REQUEST_LIMIT_EXCEEDED (the org's 24-hour API allocation is
 * used up) is `crm-limit`, not retried; INVALID_FIELD and the like (a field mapping naming a field
 * the org lacks) are `crm-invalid`; server errors are retried twice, then `crm-unreachable`.
 */
import type { Dispatcher } from 'undici';
import type { SalesforceSettings } from '../../../../src-shared/crm-connection.js';
import { AppError } from '../../../../src-shared/errors.js';
import { crmHttp, type CrmHttpReply } from '../crm-http.js';
import { requestSalesforceToken, type SalesforceSession } from './salesforce-token.js';

export type SalesforceRecord = Record<string, unknown>;

const RETRY_DELAYS_MS = [200, 800];

function firstError(reply: CrmHttpReply): { errorCode: string; message: string } {
  const first = Array.isArray(reply.body) ? (reply.body[0] as Record<string, unknown> | undefined) : undefined;
  return { errorCode: typeof first?.['errorCode'] === 'string' ? first['errorCode'] : `HTTP ${reply.status}`, message: typeof first?.['message'] === 'string' ? first['message'] : '' };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export class SalesforceApi {
  private session: SalesforceSession | null = null;
  private calls = 0;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly settings: SalesforceSettings,
    private readonly secret: string,
    private readonly clock: () => Date,
  ) {}

  /** HTTP requests made so far, token requests included. */
  requests(): number {
    return this.calls;
  }

  private async token(signal?: AbortSignal): Promise<SalesforceSession> {
    this.calls += 1;
    this.session = await requestSalesforceToken(this.dispatcher, this.settings, this.secret, this.clock(), signal);
    return this.session;
  }

  /** One authenticated GET of a path under the instance, with the retries described above. */
  async get(path: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    let session = this.session ?? (await this.token(signal));
    let renewed = false;
    for (let attempt = 0; ; attempt += 1) {
      this.calls += 1;
      const reply = await crmHttp(this.dispatcher, `Salesforce (${session.instanceUrl})`, {
        method: 'GET',
        url: `${session.instanceUrl}${path}`,
        headers: { authorization: `Bearer ${session.accessToken}`, 'sforce-query-options': 'batchSize=2000' },
        ...(signal ? { signal } : {}),
      });
      if (reply.status === 200 && reply.body && typeof reply.body === 'object') return reply.body as Record<string, unknown>;
      const { errorCode, message } = firstError(reply);
      if (errorCode === 'INVALID_SESSION_ID') {
        if (renewed) throw new AppError('crm-auth', 'Salesforce refused a freshly issued session (INVALID_SESSION_ID): the connected app\'s access may have been revoked or restricted (IP ranges, API Enabled permission).');
        renewed = true;
        session = await this.token(signal);
        continue;
      }
      if (errorCode === 'REQUEST_LIMIT_EXCEEDED') throw new AppError('crm-limit', `Salesforce's API request limit is reached (REQUEST_LIMIT_EXCEEDED: ${message}); the previous CRM copy keeps serving and the refresh is retried next cycle.`, { retryable: true });
      if (['INVALID_FIELD', 'INVALID_TYPE', 'MALFORMED_QUERY'].includes(errorCode)) throw new AppError('crm-invalid', `Salesforce refused the query (${errorCode}: ${message}); check the field mapping.`);
      if (reply.status >= 500 && attempt < RETRY_DELAYS_MS.length) {
        await sleep(RETRY_DELAYS_MS[attempt] as number, signal);
        continue;
      }
      throw new AppError('crm-unreachable', `Salesforce answered ${reply.status} (${errorCode}${message ? `: ${message}` : ''}).`, { retryable: true });
    }
  }

  /** Every record of a SOQL query (QueryAll with `all`: soft-deleted ones too), page by page. */
  async queryAll(soql: string, options: { all: boolean; signal?: AbortSignal; onPage?: (records: SalesforceRecord[]) => void }): Promise<void> {
    const resource = options.all ? 'queryAll' : 'query';
    let path: string | null = `/services/data/${this.settings.apiVersion}/${resource}?q=${encodeURIComponent(soql)}`;
    while (path !== null) {
      const body = await this.get(path, options.signal);
      const records = Array.isArray(body['records']) ? (body['records'] as SalesforceRecord[]) : [];
      options.onPage?.(records);
      const next = body['nextRecordsUrl'];
      path = body['done'] === true || typeof next !== 'string' ? null : next;
    }
  }
}
