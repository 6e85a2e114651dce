/**
 * JSON over HTTPS for the CRM connectors, through the one undici dispatcher (proxy, extra CA, the
 * simulators' CA). A 429 is waited out as the vendor says (`retryDelay` reads Retry-After or the
 * vendor's own headers) with every wait capped and a bounded number of attempts, after which it
 * is AppError 'crm-limit'; a network failure is 'crm-unreachable'. The sleep is injected so tests
 * prove the waits without spending them. (Shared by the HubSpot and Dynamics connectors.)
 */
import { request, type Dispatcher } from 'undici';
import { AppError } from '../../../../src-shared/errors.js';

export type CrmHttpResponse = { status: number; headers: Record<string, string>; json: unknown };

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    }, { once: true });
  });

export type RetryPolicy = {
  /** Milliseconds to wait before retrying this 429, or null when waiting cannot help (a daily budget). */
  retryDelay(response: CrmHttpResponse, attempt: number): number | null;
  maxAttempts: number;
  maxWaitMs: number;
};

export type CrmHttp = {
  send(method: 'GET' | 'POST', url: string, options?: { headers?: Record<string, string>; body?: unknown; signal?: AbortSignal | undefined }): Promise<CrmHttpResponse>;
  requests(): number;
  /** Every wait taken for a 429, in milliseconds (figures for tests and the bench). */
  waits(): number[];
};

function flatHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

export function createCrmHttp(options: { vendor: string; dispatcher: Dispatcher; sleep: Sleep; retry: RetryPolicy }): CrmHttp {
  let count = 0;
  const waited: number[] = [];
  const once = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal | undefined): Promise<CrmHttpResponse> => {
    count += 1;
    let response;
    try {
      response = await request(url, { method, headers, dispatcher: options.dispatcher, ...(body !== undefined ? { body } : {}), ...(signal ? { signal } : {}) });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new AppError('crm-unreachable', `${options.vendor} could not be reached (${(error as Error).message}).`, { retryable: true, cause: error });
    }
    const text = await response.body.text();
    let json: unknown = null;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
      } catch {
        throw new AppError('crm-unreachable', `${options.vendor} answered HTTP ${response.statusCode} with a body that is not JSON: not its API, or a proxy page.`, { retryable: true });
      }
    }
    return { status: response.statusCode, headers: flatHeaders(response.headers), json };
  };
  return {
    async send(method, url, { headers = {}, body, signal } = {}) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const allHeaders = { accept: 'application/json', ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers };
      for (let attempt = 1; ; attempt += 1) {
        const response = await once(method, url, allHeaders, payload, signal);
        if (response.status !== 429) return response;
        const delay = options.retry.retryDelay(response, attempt);
        if (delay === null || attempt >= options.retry.maxAttempts) {
          throw new AppError('crm-limit', `${options.vendor} kept refusing requests for its API limit (HTTP 429 after ${attempt} attempt(s)); the next refresh tries again.`, { retryable: true });
        }
        const wait = Math.min(Math.max(0, delay), options.retry.maxWaitMs);
        waited.push(wait);
        await options.sleep(wait, signal);
      }
    },
    requests: () => count,
    waits: () => [...waited],
  };
}

/** Retry-After in seconds (or an HTTP date), as milliseconds; null when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string>, now: number): number | null {
  const raw = headers['retry-after'];
  if (raw === undefined) return null;
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
