/**
 * Transport-neutral validation of Api calls. The core side (`dispatchApiCall`) and the console
 * side (`createApiClient`) both parse against `apiContract`, so a malformed call is refused with
 * a typed `invalid-input` error wherever it comes from, and never reaches a handler.
 */
import type { z } from 'zod';
import { apiContract, isApiMethod, type ApiClient, type ApiHandlers, type ApiMethod } from './api.js';
import { AppError, toErrorShape, type Result } from './errors.js';
import { PLAIN_ISSUES } from './plain-issues.js';

export function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * Runs one call against the handlers: validates the method name, the input and the handler's
 * output. Never throws; handler failures become the whitelisted error shape.
 */
export async function dispatchApiCall(handlers: ApiHandlers, method: unknown, input: unknown): Promise<Result<unknown>> {
  try {
    if (!isApiMethod(method)) {
      throw new AppError('unknown-method', `Unknown Api method: ${String(method).slice(0, 100)}`);
    }
    const contract = apiContract[method];
    const parsed = contract.input.safeParse(input ?? {}, PLAIN_ISSUES);
    if (!parsed.success) {
      throw new AppError('invalid-input', invalidInputMessage(parsed.error), { issues: zodIssues(parsed.error) });
    }
    const handler = handlers[method] as (value: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    const checked = contract.output.safeParse(value);
    if (!checked.success) {
      // A handler returning the wrong shape is a bug in the core, not the caller's fault.
      throw new Error(`Api output of ${method} does not match the contract: ${checked.error.message}`);
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return { ok: false, error: toErrorShape(error) };
  }
}

/** One sentence over the issues: the form shows each on its field; elsewhere this is what the user reads. */
function invalidInputMessage(error: z.ZodError): string {
  const [first] = error.issues;
  if (error.issues.length === 1 && first) return first.message;
  return `${error.issues.length} values are not valid; correct the fields marked and try again.`;
}

/** Sends one already-validated call over a transport and returns the raw Result. */
export type ApiTransport = (method: ApiMethod, input: unknown) => Promise<Result<unknown>>;

/** Builds the console-side client: validates inputs before sending and outputs on receipt. */
export function createApiClient(transport: ApiTransport): ApiClient {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of Object.keys(apiContract) as ApiMethod[]) {
    const contract = apiContract[method];
    client[method] = async (input: unknown) => {
      const parsed = contract.input.safeParse(input ?? {}, PLAIN_ISSUES);
      if (!parsed.success) {
        throw new AppError('invalid-input', invalidInputMessage(parsed.error), { issues: zodIssues(parsed.error) });
      }
      const result = await transport(method, parsed.data);
      if (!result.ok) {
        throw new AppError(result.error.code, result.error.message, {
          retryable: result.error.retryable,
          ...(result.error.issues ? { issues: result.error.issues } : {}),
        });
      }
      const output = contract.output.safeParse(result.value);
      if (!output.success) {
        throw new AppError('internal', `The core answered ${method} with a payload outside the contract`);
      }
      return output.data;
    };
  }
  return client as ApiClient;
}
