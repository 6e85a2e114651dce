/**
 * Every Api method as a handler that refuses with `not-available`: tests of a transport spread it
 * under the few handlers they exercise, so a method added to the contract does not break them.
 */
import { API_METHODS, type ApiHandlers } from '../../src-shared/api.js';
import { AppError } from '../../src-shared/errors.js';

export function stubHandlers(): ApiHandlers {
  return Object.fromEntries(
    API_METHODS.map((method) => [
      method,
      async () => {
        throw new AppError('not-available', `${method} is not stubbed in this test.`);
      },
    ]),
  ) as unknown as ApiHandlers;
}
