import type { CorrespondentBridge } from '../src-shared/bridge.js';

declare global {
  interface Window {
    /** Present only inside the Electron shell (defined by the preload; see BRIDGE_GLOBAL_NAME). */
    correspondent?: CorrespondentBridge;
  }
}
