/**
 * `dispatchApiCall` turns an unexpected handler failure into a bare `internal` error so nothing
 * leaks to the console; this wrapper makes sure the real cause still reaches the application log.
 * Expected failures (AppError) are the caller's business and are not logged here.
 */
import { API_METHODS, type ApiHandlers } from '../../src-shared/api.js';
import { isAppError } from '../../src-shared/errors.js';

export interface HandlerFailureLogger {
  error(details: object, message: string): void;
}

export function logHandlerFailures(handlers: ApiHandlers, logger: HandlerFailureLogger): ApiHandlers {
  const wrapped: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of API_METHODS) {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    wrapped[method] = async (input) => {
      try {
        return await handler(input);
      } catch (error) {
        if (!isAppError(error)) logger.error({ method, err: error }, 'Api handler failed');
        throw error;
      }
    };
  }
  return wrapped as ApiHandlers;
}
