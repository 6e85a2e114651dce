/**
 * The HTTP call every connector makes: JSON over the shared dispatcher (so the proxy and extra CAs
 * that apply to Microsoft apply to the CRM too), a time-out, and transport failures as the named
 * `crm-unreachable` state. The body is parsed when it is JSON and kept as text otherwise; what a
 * status means is each connector's business (the vendors' error bodies differ).
 */
import { request, type Dispatcher } from 'undici';
import { AppError } from '../../../src-shared/errors.js';

export type CrmHttpReply = { status: number; headers: Record<string, string | string[] | undefined>; body: unknown };

export type CrmHttpRequest = {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
};

export async function crmHttp(dispatcher: Dispatcher, what: string, call: CrmHttpRequest): Promise<CrmHttpReply> {
  let response;
  try {
    response = await request(call.url, {
      dispatcher,
      method: call.method,
      headers: { accept: 'application/json', ...call.headers },
      ...(call.body !== undefined ? { body: call.body } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    });
  } catch (cause) {
    if (call.signal?.aborted) throw cause;
    throw new AppError('crm-unreachable', `${what} could not be reached (${(cause as Error).message}).`, { retryable: true, cause });
  }
  const text = await response.body.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.statusCode, headers: response.headers, body };
}
