/**
 * What the desktop shell lends the core, built from Electron's own facilities and nothing else:
 * the vault cipher from safeStorage (refusing Linux's unencrypted fallback), the system browser
 * for consent (shell.openExternal, https only) and the operating system's proxy for Microsoft's
 * hosts (session.resolveProxy, which also evaluates PAC files). Electron is injected, so this is
 * unit-tested with fakes.
 */
import { externalBrowserOpener } from '../auth/browser-opener.js';
import type { OpenBrowser } from '../auth/consent-service.js';
import { proxyFromPacResult } from '../auth/proxy-config.js';
import type { SecretCipher } from '../settings/secret-store.js';
import { createSafeStorageCipher, type SafeStorageLike } from './safe-storage-secret-store.js';

export type ElectronFacilities = {
  safeStorage: SafeStorageLike;
  openExternal(url: string): Promise<void>;
  /** `session.defaultSession.resolveProxy`: "PROXY host:port; DIRECT" or "DIRECT". */
  resolveProxy(url: string): Promise<string>;
  platform?: NodeJS.Platform;
};

export type DesktopServices = {
  cipher: () => SecretCipher;
  openBrowser: OpenBrowser;
  systemProxy: () => Promise<string | null>;
};

/** The host whose proxy decides Microsoft's (PAC files may route by host). */
export const PROXY_PROBE_URL = 'https://login.microsoftonline.com/';

export function createDesktopServices(electron: ElectronFacilities): DesktopServices {
  return {
    cipher: () => createSafeStorageCipher(electron.safeStorage, electron.platform ?? process.platform),
    openBrowser: externalBrowserOpener((url) => electron.openExternal(url)),
    systemProxy: async () => proxyFromPacResult(await electron.resolveProxy(PROXY_PROBE_URL)),
  };
}
