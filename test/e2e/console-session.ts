/**
 * One console under test: the real core on the sandbox tenant and a fresh database, the headless
 * console server serving the real renderer build, and Chromium at 1280x800 with every page error
 * and console error collected.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { startConsoleServer, type ConsoleServer } from '../../src-main/server/console-server.js';
import { createDownloadStore } from '../../src-main/server/download-store.js';
import { launchChromium, type LaunchedChromium } from '../support/browser.js';
import { ConsolePage, type AxeViolation } from '../support/console-page-model.js';
import { startE2eCore, type E2eCore } from './demo-core.js';
import { ensureRendererBuild } from './renderer-build.js';

export const SCREENSHOTS = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));

export type ConsoleSession = {
  core: E2eCore;
  server: ConsoleServer;
  chromium: LaunchedChromium;
  context: BrowserContext;
  console: ConsolePage;
  problems: string[];
  close(): Promise<void>;
};

export async function startConsoleSession(options: { alertWebhookUrl?: string } = {}): Promise<ConsoleSession> {
  const staticDir = await ensureRendererBuild();
  await mkdir(SCREENSHOTS, { recursive: true });
  const downloads = await createDownloadStore();
  const core = await startE2eCore({ auditExportSink: downloads.sink, ...options });
  const server = await startConsoleServer({ handlers: core.app.handlers, events: core.app.events, staticDir, downloads });
  const chromium = await launchChromium();
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  const console_ = new ConsolePage(page);
  await console_.open(server.url);
  return {
    core,
    server,
    chromium,
    context,
    console: console_,
    problems,
    async close() {
      await context.close();
      await chromium.close();
      await server.close();
      await core.dispose();
      await downloads.close();
    },
  };
}

export function seriousOrWorse(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
