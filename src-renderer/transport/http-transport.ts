/**
 * The headless console's transport: `POST /api/<method>` with the session token as a Bearer header.
 * Refusals (401/403/413) carry the same Result envelope as answers, so every outcome becomes a Result.
 */
import type { ApiTransport } from '../../src-shared/api-dispatch.js';
import type { Result } from '../../src-shared/errors.js';
import { resultSchema } from './result-schema.js';

export type HttpTransportOptions = {
  /** The console's origin; '' for same-origin relative URLs. */
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
};

export function createHttpTransport(options: HttpTransportOptions): ApiTransport {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return async (method, input) => {
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify(input ?? {}),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      return failure('The console server cannot be reached. Is it still running?', true);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return failure(`The console server answered HTTP ${response.status} without a readable body.`, false);
    }
    const parsed = resultSchema.safeParse(body);
    return parsed.success ? parsed.data : failure(`The console server answered HTTP ${response.status} outside the contract.`, false);
  };
}

function failure(message: string, retryable: boolean): Result<unknown> {
  return { ok: false, error: { code: 'internal', message, retryable } };
}
