/**
 * Browser openers for the consent and sign-in flows, injected so the flows never depend on a
 * shell: Electron passes `shell.openExternal` (the system browser, never an embedded window);
 * headless and CLI print the URL for the operator to open, on any machine that can reach back
 * to this one's loopback only if it is this machine - otherwise use the consent link.
 */
import type { OpenBrowser } from './consent-service.js';

/** Electron: wraps `shell.openExternal`, refusing anything but https (the consent and sign-in pages). */
export function externalBrowserOpener(openExternal: (url: string) => Promise<void>): OpenBrowser {
  return async (url) => {
    if (new URL(url).protocol !== 'https:') throw new Error('only https URLs are opened in the browser');
    await openExternal(url);
  };
}

/** Headless / CLI: prints the URL (to stderr, so --json stdout stays clean). */
export function printingBrowserOpener(write: (text: string) => void): OpenBrowser {
  return async (url) => {
    write(`Open this address in a browser on this computer to continue:\n  ${url}\n`);
  };
}
