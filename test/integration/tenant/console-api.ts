/** Calls the headless console's Api over HTTP as the browser console does, keeping every raw response body. */
import { request } from 'undici';
import type { ApiInput, ApiMethod, ApiOutput } from '../../../src-shared/api.js';
import type { AppErrorShape, Result } from '../../../src-shared/errors.js';

export type ConsoleApi = {
  call<M extends ApiMethod>(method: M, input?: ApiInput<M>): Promise<ApiOutput<M>>;
  /** The raw Result, for calls expected to fail. */
  result(method: ApiMethod, input?: unknown): Promise<Result<unknown>>;
  /** Every response body received so far. */
  bodies(): string[];
};

export function consoleApi(origin: string, token: string): ConsoleApi {
  const seen: string[] = [];
  async function result(method: ApiMethod, input: unknown = {}): Promise<Result<unknown>> {
    const response = await request(`${origin}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const text = await response.body.text();
    seen.push(text);
    return JSON.parse(text) as Result<unknown>;
  }
  return {
    result,
    async call(method, input) {
      const answer = await result(method, input ?? {});
      if (!answer.ok) throw Object.assign(new Error(`${method}: ${answer.error.message}`), { shape: answer.error as AppErrorShape });
      return answer.value as never;
    },
    bodies: () => seen,
  };
}
