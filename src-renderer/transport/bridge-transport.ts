import type { ApiTransport } from '../../src-shared/api-dispatch.js';
import type { CorrespondentBridge } from '../../src-shared/bridge.js';
import type { Result } from '../../src-shared/errors.js';
import { resultSchema } from './result-schema.js';

/** The Electron transport: the preload bridge's single invoke call. */
export function createBridgeTransport(bridge: CorrespondentBridge): ApiTransport {
  return async (method, input) => {
    try {
      const parsed = resultSchema.safeParse(await bridge.invoke(method, input));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: an IPC failure is reported like any other transport failure
    }
    const failure: Result<unknown> = { ok: false, error: { code: 'internal', message: 'The desktop app did not answer.', retryable: true } };
    return failure;
  };
}
