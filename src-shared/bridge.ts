/**
 * The typed preload bridge: the one object the Electron preload exposes to the renderer.
 * It is the IPC transport of the Api contract (api.ts) and nothing more: no generic channel pipe,
 * so a compromised renderer can only make the calls the contract allows, and main validates each.
 */
import type { ApiEvent, ApiMethod } from './api.js';
import type { Result } from './errors.js';

/** Name of the global the preload defines (`window.correspondent`). */
export const BRIDGE_GLOBAL_NAME = 'correspondent' as const;
export type BridgeGlobalName = typeof BRIDGE_GLOBAL_NAME;

/** The single IPC channel for Api calls (renderer -> main, invoke/handle). */
export const API_INVOKE_CHANNEL = 'api:invoke' as const;
export type ApiInvokeChannel = typeof API_INVOKE_CHANNEL;

/** The single IPC channel for pushed Api events (main -> renderer). */
export const API_EVENT_CHANNEL = 'api:event' as const;
export type ApiEventChannel = typeof API_EVENT_CHANNEL;

/** What travels on `api:invoke`. Main parses it; the renderer's word is never trusted. */
export type ApiInvokeRequest = { method: ApiMethod; input: unknown };

export type CorrespondentBridge = {
  /** Runs one Api call in main; resolves with the Result envelope, never rejects for expected failures. */
  invoke(method: ApiMethod, input: unknown): Promise<Result<unknown>>;
  /** Subscribes to core events; returns the unsubscribe function. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
};
