/**
 * The IPC transport of the Api in the main process: one channel, `api:invoke`. Every call is
 * checked twice before a handler sees it: the sending frame must be the console's own origin
 * (not a stray frame or navigated page), and the payload must match the Api contract.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { maxApiPayloadBytes, type ApiHandlers } from '../../src-shared/api.js';
import { dispatchApiCall } from '../../src-shared/api-dispatch.js';
import { API_INVOKE_CHANNEL } from '../../src-shared/bridge.js';
import { AppError, toErrorShape, type Result } from '../../src-shared/errors.js';
import { runAsCaller } from '../app/caller.js';

export interface IpcLogger {
  warn(details: object, message: string): void;
}

export type ApiIpcDeps = {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  handlers: ApiHandlers;
  /** The console's origin, e.g. app://correspondent. */
  allowedOrigin: string;
  logger?: IpcLogger;
};

/** The parts of the invoke event the check reads (so tests can pass a fake). */
export type ApiInvokeEvent = { senderFrame: { url: string } | null } & Partial<Pick<IpcMainInvokeEvent, 'frameId'>>;

const invokeRequestSchema = z.object({ method: z.string().max(100), input: z.unknown() }).strict();

/** Registers the `api:invoke` handler; returns a function that removes it. */
export function registerApiIpc(deps: ApiIpcDeps): () => void {
  deps.ipcMain.handle(API_INVOKE_CHANNEL, (event, request: unknown) => handleApiInvoke(deps, event, request));
  return () => deps.ipcMain.removeHandler(API_INVOKE_CHANNEL);
}

export async function handleApiInvoke(deps: Omit<ApiIpcDeps, 'ipcMain'>, event: ApiInvokeEvent, request: unknown): Promise<Result<unknown>> {
  const senderUrl = event.senderFrame?.url ?? '';
  if (!isFromOrigin(senderUrl, deps.allowedOrigin)) {
    deps.logger?.warn({ origin: safeOrigin(senderUrl) }, 'Api call from a foreign frame refused');
    return { ok: false, error: new AppError('forbidden', 'Api calls are accepted only from the console window.').toShape() };
  }
  const parsed = invokeRequestSchema.safeParse(request);
  if (!parsed.success) {
    return { ok: false, error: new AppError('invalid-input', 'An Api call must be { method, input }.').toShape() };
  }
  const limit = maxApiPayloadBytes(parsed.data.method);
  if (payloadBytes(parsed.data.input) > limit) {
    return { ok: false, error: new AppError('payload-too-large', `Api call over ${limit} bytes.`).toShape() };
  }
  try {
    // Every call from the window is the desktop app's, for the audit log (app/caller.ts).
    return await runAsCaller('desktop', () => dispatchApiCall(deps.handlers, parsed.data.method, parsed.data.input));
  } catch (error) {
    return { ok: false, error: toErrorShape(error) };
  }
}

/** True when `url` is exactly on `origin` (scheme and host), for standard and custom schemes. */
export function isFromOrigin(url: string, origin: string): boolean {
  return safeOrigin(url) === origin;
}

function payloadBytes(input: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(input) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function safeOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}
