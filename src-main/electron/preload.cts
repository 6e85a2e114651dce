/**
 * The preload: exposes exactly one object, `window.correspondent`, that `satisfies` the shared
 * CorrespondentBridge type. Sandboxed preloads can only `require('electron')` (no ESM, no local
 * modules), hence a CommonJS file whose channel names are pinned to the shared ones by type.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS
import electron = require('electron');
import type { ApiEvent, ApiMethod } from '../../src-shared/api.js';
import type { ApiEventChannel, ApiInvokeChannel, ApiInvokeRequest, BridgeGlobalName, CorrespondentBridge } from '../../src-shared/bridge.js';
import type { Result } from '../../src-shared/errors.js';

const globalName: BridgeGlobalName = 'correspondent';
const invokeChannel: ApiInvokeChannel = 'api:invoke';
const eventChannel: ApiEventChannel = 'api:event';

const bridge = {
  invoke(method: ApiMethod, input: unknown): Promise<Result<unknown>> {
    const request: ApiInvokeRequest = { method, input };
    return electron.ipcRenderer.invoke(invokeChannel, request) as Promise<Result<unknown>>;
  },
  onEvent(listener: (event: ApiEvent) => void): () => void {
    const forward = (_event: unknown, payload: ApiEvent) => listener(payload);
    electron.ipcRenderer.on(eventChannel, forward);
    return () => {
      electron.ipcRenderer.removeListener(eventChannel, forward);
    };
  },
} satisfies CorrespondentBridge;

electron.contextBridge.exposeInMainWorld(globalName, bridge);
