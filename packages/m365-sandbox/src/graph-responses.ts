/**
 * The bodies every Graph endpoint answers with: a JSON value with Graph's OData content type, and
 * the error body (graph doc 6.3) with the request ids Graph echoes. Depends on nothing else of the
 * simulator, so the traffic layer (throttling, faults) can answer errors without a cycle.
 */
import type { SandboxRequest, SandboxResponse } from './http-types.js';

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function graphError(context: { clock: () => Date }, request: SandboxRequest, status: number, code: string, message: string, headers: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    json: {
      error: {
        code,
        message,
        innerError: {
          date: context.clock().toISOString().slice(0, 19),
          'request-id': request.requestId,
          'client-request-id': request.clientRequestId ?? request.requestId,
        },
      },
    },
  };
}

/** Graph's generic throttling answer, shaped as the sample in Graph's throttling guidance. */
export function graphTooManyRequests(context: { clock: () => Date }, request: SandboxRequest, headers: Record<string, string>): SandboxResponse {
  return {
    status: 429,
    headers: { 'content-type': 'application/json', ...headers },
    json: {
      error: {
        code: 'TooManyRequests',
        innerError: { code: '429', date: context.clock().toISOString().slice(0, 19), message: 'Please retry after', 'request-id': request.requestId, status: '429' },
        message: 'Please retry again later.',
      },
    },
  };
}

export function graphJson(json: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status: 200, headers: { 'content-type': ODATA_JSON, ...headers }, json };
}
