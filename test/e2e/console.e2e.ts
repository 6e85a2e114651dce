import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleServer, type ConsoleServer } from '../../src-main/server/console-server.js';
import { launchChromium, type LaunchedChromium } from '../support/browser.js';
import { ConsolePage, type AxeViolation } from '../support/console-page-model.js';
import { APP_VERSION } from '../../src-main/app/paths.js';
import { startE2eCore, type E2eCore } from './demo-core.js';
import { ensureRendererBuild } from './renderer-build.js';

const screenshots = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));

let core: E2eCore;
let server: ConsoleServer;
let chromium: LaunchedChromium;
let context: BrowserContext;
let console_: ConsolePage;
const pageProblems: string[] = [];

beforeAll(async () => {
  const staticDir = await ensureRendererBuild();
  await mkdir(screenshots, { recursive: true });
  core = await startE2eCore();
  server = await startConsoleServer({ handlers: core.app.handlers, events: core.app.events, staticDir });
  chromium = await launchChromium();
  context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  console_ = new ConsolePage(page);
  await console_.open(server.url);
});

afterAll(async () => {
  await context?.close();
  await chromium?.close();
  await server?.close();
  await core?.dispose();
});

function seriousOrWorse(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('headless console in Chromium', () => {
  it('takes the token out of the address bar and shows the status', async () => {
    expect(console_.page.url()).toMatch(new RegExp(`^${server.origin}/(#/)?$`));
    await expect.poll(() => console_.statusFacts.isVisible()).toBe(true);
    await console_.page.getByTestId('status-database').getByText('Connected').waitFor();
    expect(await console_.page.getByTestId('status-version').textContent()).toBe(APP_VERSION);
    expect(await console_.page.getByTestId('status-tenant').textContent()).toContain('Sandbox');
    await console_.lastCycle.getByText('No sync has finished yet.').waitFor();
    await console_.screenshot(path.join(screenshots, 'overview.png'));
  });

  it('updates the last cycle when a cycle finishes outside the page (pushed event)', async () => {
    await console_.eventsConnected();
    const first = await core.app.syncNow();
    expect(first.imported).toBeGreaterThan(0);
    await console_.page.getByTestId('last-cycle-summary').waitFor();
    expect(await console_.page.getByTestId('last-cycle-summary-read').textContent()).toBe(String(first.read));
    expect(await console_.page.getByTestId('last-cycle-summary-imported').textContent()).toBe(String(first.imported));
  });

  it('runs a sync that imports mail that arrived since, and shows its summary', async () => {
    const [owner] = core.sandbox.crm.users.filter((u) => u.optedIn);
    const [contact] = core.sandbox.crm.contacts.filter((c) => c.accountId !== null && !c.email.endsWith('@gmail.com'));
    if (!owner || !contact) throw new Error('the generated tenant has no opted-in user or account contact');
    core.sandbox.addMessage(owner.email, 'inbox', {
      subject: 'E2E: signed order form attached',
      body: { contentType: 'html', content: '<p>Please find the signed order form.</p>' },
      from: { emailAddress: { name: contact.name, address: contact.email } },
      toRecipients: [{ emailAddress: { name: owner.name, address: owner.email } }],
      receivedDateTime: new Date().toISOString(),
      sentDateTime: new Date().toISOString(),
      internetMessageId: '<e2e-order-form@customer.example>',
      isDraft: false,
    });
    const summary = await console_.syncNow();
    expect(await summary.getByTestId('sync-summary-read').textContent()).toBe('1');
    expect(await summary.getByTestId('sync-summary-imported').textContent()).toBe('1');
    expect(await summary.getByTestId('sync-summary-skipped').textContent()).toBe('0');
    await console_.page.getByTestId('last-cycle-summary-imported').getByText('1', { exact: true }).waitFor();
    await console_.screenshot(path.join(screenshots, 'overview-after-sync.png'));
  });

  it('lists the mailboxes with their sync state', async () => {
    await console_.goTo('mailboxes');
    await console_.mailboxRows.first().waitFor();
    const mailboxes = (await core.app.handlers['mailboxes.list']({})).items;
    expect(await console_.mailboxRows.count()).toBe(mailboxes.length);
    const synced = mailboxes.find((m) => m.optedIn && m.state === 'ok');
    if (!synced) throw new Error('no mailbox synced');
    const row = console_.mailboxRows.filter({ hasText: synced.address });
    expect(await row.textContent()).toContain('OK');
    await console_.screenshot(path.join(screenshots, 'mailboxes.png'));
  });

  it('lists the stored emails with subject, sender, accounts, assignee and mailboxes', async () => {
    await console_.goTo('engagements');
    await console_.emailRows.first().waitFor();
    const stored = await core.app.handlers['emails.list']({ limit: 50, offset: 0 });
    expect(await console_.emailRows.count()).toBe(stored.items.length);
    const newest = stored.items[0];
    if (!newest) throw new Error('nothing stored');
    const first = await console_.emailRows.first().textContent();
    // Accounts by name (an id the CRM no longer has would be shown as the id).
    // The demo's CRM as read from its simulated Salesforce org (Salesforce ids, the seed's names).
    const crm = await core.database.store.loadCrm();
    const accountNames = newest.accountIds.map((id) => crm.accounts.find((a) => a.id === id)?.name ?? id);
    for (const expected of [newest.subject, newest.from, ...accountNames, newest.assignedTo ?? '']) {
      expect(first).toContain(expected);
    }
    expect(await console_.page.getByTestId('emails-range').textContent()).toBe(`1–${stored.items.length} of ${stored.total}`);
    await console_.screenshot(path.join(screenshots, 'engagements.png'));
  });

  it('is navigable by keyboard', async () => {
    await console_.nav('engagements').focus();
    await console_.page.keyboard.press('Shift+Tab');
    await console_.page.keyboard.press('Enter');
    await console_.section('mailboxes').waitFor();
  });

  it.each(['overview', 'mailboxes', 'engagements', 'preview'] as const)('has no serious or critical axe violations on %s', async (section) => {
    await console_.goTo(section);
    await console_.page.getByTestId('loading').first().waitFor({ state: 'detached' });
    const violations = seriousOrWorse(await console_.axeViolations());
    expect(violations).toEqual([]);
  });

  it('keeps the session and the page across a reload (token held in sessionStorage, page in the route)', async () => {
    await console_.goTo('mailboxes');
    await console_.page.reload();
    await console_.mailboxRows.first().waitFor();
    expect(await console_.errors.count()).toBe(0);
  });

  it('ran without page errors or CSP violations', () => {
    expect(pageProblems).toEqual([]);
  });

  it('shows the unauthorized error when opened without the token', async () => {
    const stranger = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = new ConsolePage(await stranger.newPage());
      await page.open(`${server.origin}/`);
      const error = page.statusFacts.page().getByTestId('error-message').first();
      await error.waitFor();
      expect(await error.getAttribute('data-error-code')).toBe('unauthorized');
      expect(await error.textContent()).toContain('session token');
    } finally {
      await stranger.close();
    }
  });
});
