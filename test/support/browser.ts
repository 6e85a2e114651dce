/**
 * Chromium for the end-to-end suite: the system's /usr/bin/chromium driven by playwright-core
 * (no downloaded browsers), headless, with every background network feature off so a test run
 * contacts nothing but the console under test. chromium.launch gives each launch a fresh
 * temporary profile (user-data dir) of its own and deletes it on close.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

export type LaunchedChromium = {
  browser: Browser;
  close(): Promise<void>;
};

export async function launchChromium(): Promise<LaunchedChromium> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  return { browser, close: () => browser.close() };
}
