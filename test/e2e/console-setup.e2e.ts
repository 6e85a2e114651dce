/**
 * The guided setup in Chromium on a fresh installation: a core started with no tenant (as the
 * headless console starts before anyone ran the setup), "Try with the sandbox tenant" with no
 * typing, and a "Test connection" that names what failed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src-main/logging/logger.js';
import { startTenantApp, type TenantApp } from '../../src-main/app/tenant-app.js';
import { startSandbox } from '@correspondent/m365-sandbox';
import { startConsoleServer, type ConsoleServer } from '../../src-main/server/console-server.js';
import { launchChromium, type LaunchedChromium } from '../support/browser.js';
import { ConsolePage } from '../support/console-page-model.js';
import { createTestDatabase } from '../support/test-database.js';
import { SCREENSHOTS, seriousOrWorse } from './console-session.js';
import { ensureRendererBuild } from './renderer-build.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dataDir: string;
let running: TenantApp;
let server: ConsoleServer;
let chromium: LaunchedChromium;
let context: BrowserContext;
let c: ConsolePage;
const problems: string[] = [];

/** A loopback port nothing listens on: bound, then released. */
async function refusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  const staticDir = await ensureRendererBuild();
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'correspondent-e2e-setup-'));
  running = await startTenantApp({
    mariadbUrl: database.url,
    mariadbCaFile: null,
    dataDir,
    logger: silentLogger(),
    shell: 'headless',
    env: { CORRESPONDENT_SECRET_KEY: randomBytes(32).toString('base64') },
    openBrowser: async () => Promise.reject(new Error('no browser in this test')),
    launchSandbox: () => startSandbox({ includeAutomated: true, seed: 5 }),
  });
  server = await startConsoleServer({ handlers: running.app.handlers, events: running.app.events, staticDir });
  chromium = await launchChromium();
  context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  c = new ConsolePage(page);
  await c.open(server.url);
});

afterAll(async () => {
  await context?.close();
  await chromium?.close();
  await server?.close();
  await running?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('setup page on a fresh installation', () => {
  it('lists what is missing, then connects the sandbox tenant with one click', async () => {
    await c.goTo('setup');
    await c.page.getByTestId('setup-complete').getByText('Setup incomplete').waitFor();
    expect(await c.page.getByTestId('setup-missing').count()).toBeGreaterThan(0);
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
    await c.screenshot(path.join(SCREENSHOTS, 'setup-fresh.png'));

    await c.page.getByTestId('setup-use-sandbox').click();
    await c.page.getByTestId('setup-sandbox-result').waitFor();
    const state = await running.app.handlers['setup.state']({});
    expect(state.tenant?.sandbox).toBe(true);
    expect(state.complete).toBe(true);
    await c.page.getByTestId('setup-complete').getByText('Setup complete').waitFor();
    // The sandbox's domains were adopted and are shown for editing.
    const orgDomains = (await running.app.handlers['settings.get']({})).orgDomains;
    expect(orgDomains.length).toBeGreaterThan(0);
    await expect.poll(() => c.page.getByTestId('org-domains').inputValue()).toContain(orgDomains[0]!);
  });

  it('checks the CRM files first (nothing changed), then imports them, listing the rejected row', async () => {
    const corpus = path.join(import.meta.dirname, '../corpus/crm');
    const contacts = await readFile(path.join(corpus, 'contacts.csv'), 'utf8');
    const contactRows = contacts.trim().split('\n').length - 1;
    const files = [
      ...['accounts', 'leads', 'opportunities', 'users'].map((t) => path.join(corpus, `${t}.csv`)),
      { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(`${contacts.trimEnd()}\nC-bad,not an address,A-100,Nobody\n`) },
    ];
    const importsBefore = (await running.app.handlers['audit.list']({ actions: ['crm.imported'], limit: 100 })).items.length;
    // Playwright takes paths or buffers, not both: the paths are read into buffers here.
    await c.page.getByTestId('crm-files').setInputFiles(
      await Promise.all(files.map(async (f) => (typeof f === 'string' ? { name: path.basename(f), mimeType: 'text/csv', buffer: await readFile(f) } : f))),
    );
    await c.page.getByTestId('crm-check').click();
    await c.page.locator('[data-testid="crm-report"][data-dry-run="true"]').waitFor();
    expect(await c.page.getByTestId('crm-report-contacts').locator('td').nth(1).textContent()).toBe(String(contactRows));
    expect(await c.page.getByTestId('crm-rejected').textContent()).toContain(`contacts.csv:${contactRows + 2}`);
    expect((await running.app.handlers['audit.list']({ actions: ['crm.imported'], limit: 100 })).items.length).toBe(importsBefore);

    // The sandbox's CRM is in place: replacing it removes rows, which the console asks about first.
    await c.page.getByTestId('crm-import').click();
    await c.page.getByTestId('crm-confirm').waitFor();
    expect(await c.page.getByTestId('crm-confirm').getByTestId('crm-removals').textContent()).toContain('would remove');
    expect((await running.app.handlers['audit.list']({ actions: ['crm.imported'], limit: 100 })).items.length).toBe(importsBefore);
    await c.confirmDialog('crm-confirm');
    await c.page.locator('[data-testid="crm-report"][data-dry-run="false"]').waitFor();
    const audited = (await running.app.handlers['audit.list']({ actions: ['crm.imported'], limit: 100 })).items;
    expect(audited.length).toBe(importsBefore + 1);
    expect(audited[0]?.payload).toMatchObject({ rows: { contacts: contactRows }, rejected: 1 });
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
    await c.screenshot(path.join(SCREENSHOTS, 'setup-crm-import.png'));
  });

  it('says exactly what failed when a database port refuses the connection', async () => {
    const port = await refusedPort();
    await c.page.getByTestId('database-test-url').fill(`mysql://user:secret@127.0.0.1:${port}/correspondent`);
    await c.page.getByTestId('database-test-run').click();
    const result = c.page.getByTestId('database-test-result');
    await result.waitFor();
    expect(await result.getAttribute('data-failure')).toBe('refused');
    expect(await result.textContent()).toContain('The connection was refused');
    expect(await result.textContent()).not.toContain('secret');

    await c.page.getByTestId('database-test-url').fill('');
    await c.page.getByTestId('database-test-run').click();
    await c.page.locator('[data-testid="database-test-result"][data-failure=""]').waitFor();
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
    await c.screenshot(path.join(SCREENSHOTS, 'setup.png'));
  });

  it('ran without page errors', () => {
    expect(problems).toEqual([]);
  });
});
