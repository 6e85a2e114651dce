/**
 * Issue 19, "the console an IT admin would trust", in Chromium against the real demo core, at
 * 1280x800 and 900x700 with a screenshot of each state (test/artifacts/screenshots). Read-only
 * checks come first; the destructive flows (CRM removals, consent revoked, a mailbox lost) last,
 * each restoring what it changed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import type { ConsoleSection } from '../support/console-page-model.js';
import { SCREENSHOTS, seriousOrWorse, startConsoleSession, type ConsoleSession } from './console-session.js';
import { brokenWords, navTextStarts, overflowingBadges, overflowingCells, pageOverflowsHorizontally } from './layout-checks.js';

export const SIZES = [
  { name: '1280', width: 1280, height: 800 },
  { name: '900', width: 900, height: 700 },
] as const;

const MAIN_PAGES: ConsoleSection[] = ['overview', 'setup', 'mailboxes', 'engagements', 'preview', 'health', 'missing', 'settings', 'audit'];

let session: ConsoleSession;
let webhook: Server;
/** What the alert webhook received, in order. */
const hooks: { raised: { id: string }[]; resolved: string[] }[] = [];

beforeAll(async () => {
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      hooks.push(JSON.parse(body) as (typeof hooks)[number]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  session = await startConsoleSession({ alertWebhookUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hooks/correspondent` });
  await session.core.app.syncNow();
});

afterAll(async () => {
  await session?.close();
  await new Promise((resolve) => webhook?.close(resolve));
});

const api = () => session.core.app.handlers;
const at = async (size: (typeof SIZES)[number]) => session.console.page.setViewportSize({ width: size.width, height: size.height });
const shot = (name: string, size: (typeof SIZES)[number]) => session.console.screenshot(path.join(SCREENSHOTS, `trust-${name}-${size.name}.png`));
const skippedOf = (skipped: Record<string, number>) => Object.values(skipped).reduce((a, b) => a + b, 0);

describe('layout at both sizes', () => {
  for (const size of SIZES) {
    it(`${size.width}x${size.height}: every main page without broken words, overflowing badges, sideways scrolling or axe violations`, async () => {
      const c = session.console;
      await c.page.setViewportSize({ width: size.width, height: size.height });
      for (const section of MAIN_PAGES) {
        const page = await c.goTo(section);
        await page.getByTestId('loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
        expect(await brokenWords(c.page), section).toEqual([]);
        expect(await overflowingBadges(c.page), section).toEqual([]);
        expect(await overflowingCells(c.page), section).toEqual([]);
        expect(await pageOverflowsHorizontally(c.page), section).toBe(false);
        expect(seriousOrWorse(await c.axeViolations()), section).toEqual([]);
        if (size.width >= 1000) expect(new Set(await navTextStarts(c.page)).size, 'nav labels start on one line').toBe(1);
        await c.screenshot(path.join(SCREENSHOTS, `trust-${section}-${size.name}.png`));
        // What a reader sees first (the README's console section shows these).
        await c.page.screenshot({ path: path.join(SCREENSHOTS, `view-${section}-${size.name}.png`) });
      }
    });
  }
});

describe('3. figures that add up', () => {
  it('the Overview, the Mailboxes page and Sync health show figures that add up, as the Api has them', async () => {
    const c = session.console;
    const { cycle } = await api()['sync.lastCycle']({});
    if (!cycle) throw new Error('no cycle ran');
    expect(cycle.alreadyStored).toBeGreaterThan(0);
    expect(cycle.read).toBe(cycle.imported + cycle.alreadyStored + cycle.unchanged + skippedOf(cycle.skipped));
    for (const size of SIZES) {
      await at(size);
      await c.goTo('overview');
      const summary = c.page.getByTestId('last-cycle-summary');
      await summary.waitFor();
      expect(await c.page.getByTestId('last-cycle-summary-read').textContent()).toBe(String(cycle.read));
      expect(await c.page.getByTestId('last-cycle-summary-imported').textContent()).toBe(String(cycle.imported));
      expect(await c.page.getByTestId('last-cycle-summary-already-stored').textContent()).toBe(String(cycle.alreadyStored));
      expect(await c.page.getByTestId('last-cycle-summary-unchanged').textContent()).toBe(String(cycle.unchanged));
      expect(await c.page.getByTestId('last-cycle-summary-skipped').textContent()).toBe(String(skippedOf(cycle.skipped)));
      expect(await c.page.getByTestId('last-cycle-summary-sum').textContent()).toContain(`${cycle.read} read = ${cycle.imported} imported + ${cycle.alreadyStored} already stored`);
      await shot('overview-figures', size);
    }
    await c.goTo('mailboxes');
    await c.mailboxRows.first().waitFor();
    const imported = (await c.page.getByTestId('mailbox-imported').allTextContents()).map(Number);
    const stored = (await api()['emails.list']({ limit: 1, offset: 0 })).total;
    expect(stored).toBeGreaterThan(0);
    expect(imported.reduce((a, b) => a + b, 0)).toBe(stored);

    await c.goTo('health');
    const health = (await api()['health.mailboxes']({})).items.filter((m) => m.optedIn && m.lastRun.finishedAt !== null);
    await c.page.getByTestId('health-mailbox-run').first().waitFor();
    const runs = await c.page.getByTestId('health-mailbox-run').allTextContents();
    for (const m of health) {
      expect(runs.some((text) => text.startsWith(`${m.lastRun.read} read: ${m.lastRun.imported} imported, ${m.lastRun.alreadyStored} already stored, ${m.lastRun.unchanged} unchanged, ${skippedOf(m.lastRun.skipped)} skipped`))).toBe(true);
    }
  });
});

describe('7. routes, focus, charts, names and saved values', () => {
  it('opens a deep link with its filter, keeps it on reload, and steps back and forward through pages', async () => {
    const c = session.console;
    await at(SIZES[0]);
    await c.openRoute(session.server.origin, '/audit?actions=sync.cycle');
    await c.section('audit').waitFor();
    const expected = await api()['audit.list']({ actions: ['sync.cycle'], limit: 100 });
    expect(expected.total).toBeGreaterThan(0);
    await expect.poll(() => c.page.getByTestId('audit-count').getAttribute('data-total')).toBe(String(expected.total));
    expect(new Set(await c.auditRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))))).toEqual(new Set(['sync.cycle']));
    await c.page.reload();
    await c.section('audit').waitFor();
    await expect.poll(() => c.page.getByTestId('audit-count').getAttribute('data-total')).toBe(String(expected.total));

    await c.goTo('mailboxes');
    await c.goTo('health');
    expect(c.page.url()).toContain('#/health');
    await c.page.goBack();
    await c.section('mailboxes').waitFor();
    await c.page.goBack();
    await c.section('audit').waitFor();
    await c.page.goForward();
    await c.section('mailboxes').waitFor();
  });

  it('collapses the navigation behind a Menu button below 1000 px; the menu closes on a choice and on Escape', async () => {
    const c = session.console;
    await at(SIZES[1]);
    await c.goTo('overview');
    const nav = c.page.getByTestId('console-nav');
    expect(await nav.isVisible()).toBe(false);
    await c.page.getByTestId('nav-menu').click();
    await nav.waitFor({ state: 'visible' });
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
    await shot('nav-open', SIZES[1]);
    await c.page.keyboard.press('Tab');
    await c.page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden' });
    expect(await c.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-menu');
    await at(SIZES[0]);
    await nav.waitFor({ state: 'visible' });
    expect(await c.page.getByTestId('nav-menu').isVisible()).toBe(false);
  });

  it('returns the focus to what opened a dialog: a mailbox\'s folders, an email\'s detail', async () => {
    const c = session.console;
    await c.goTo('health');
    const opener = c.page.getByTestId('health-mailbox-open').first();
    await opener.focus();
    const key = await opener.getAttribute('data-focus-key');
    await c.page.keyboard.press('Enter');
    await c.page.getByTestId('health-mailbox-detail').waitFor();
    await c.page.keyboard.press('Escape');
    await c.page.getByTestId('health-mailbox-detail').waitFor({ state: 'detached' });
    await expect.poll(() => c.page.evaluate(() => document.activeElement?.getAttribute('data-focus-key'))).toBe(key);

    await c.goTo('engagements');
    await c.emailRows.first().waitFor();
    const email = c.page.getByTestId('email-open').first();
    const emailKey = await email.getAttribute('data-focus-key');
    await email.click();
    await c.page.getByTestId('email-detail').getByTestId('detail-explanation').waitFor();
    await c.page.getByTestId('detail-close').click();
    await c.page.getByTestId('email-detail').waitFor({ state: 'detached' });
    await expect.poll(() => c.page.evaluate(() => document.activeElement?.getAttribute('data-focus-key'))).toBe(emailKey);
  });

  it('fits the duration axis to the cycles (the 15-minute budget off the chart says so); names accounts and opportunities; Setup shows the saved registration', async () => {
    const c = session.console;
    const cycles = await api()['health.cycles']({ limit: 50 });
    const longest = Math.max(...cycles.items.map((i) => i.cycle.durationMs / 1000));
    await c.goTo('health');
    const chart = c.page.getByTestId('cycle-duration-chart');
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    const axisMax = Number(await chart.getAttribute('data-axis-max'));
    expect(axisMax).toBeGreaterThanOrEqual(longest);
    expect(axisMax).toBeLessThan(cycles.budgetMs / 1000 / 2);
    expect(await chart.getAttribute('data-budget-shown')).toBe('false');
    expect(await chart.locator('.recharts-reference-line').count()).toBe(0);
    await chart.getByTestId('cycle-budget-note').waitFor();

    await c.goTo('engagements');
    await c.emailRows.first().waitFor();
    const results = await api()['emails.search']({ limit: 50, offset: 0 });
    const withAccount = results.items.find((e) => e.accountIds.length > 0 && e.opportunityId !== null);
    if (!withAccount) throw new Error('no engagement with an account and an opportunity');
    // The demo's CRM as read from its simulated Salesforce org (Salesforce ids, the seed's names).
    const accountName = (await session.core.database.store.loadCrm()).accounts.find((a) => a.id === withAccount.accountIds[0])?.name;
    const row = c.emailRows.nth(results.items.indexOf(withAccount));
    expect(await row.getByTestId('email-accounts').textContent()).toContain(accountName);
    expect(await row.getByTestId('email-accounts').textContent()).not.toContain(withAccount.accountIds[0]);
    expect(await row.getByTestId('email-opportunity').textContent()).not.toBe(withAccount.opportunityId);
    expect(await row.getByTestId('email-opportunity').textContent()).toContain(results.names.opportunities[withAccount.opportunityId!]);

    const { tenant } = await api()['setup.state']({});
    if (!tenant) throw new Error('no tenant');
    await c.goTo('setup');
    await expect.poll(() => c.page.getByTestId('setup-tenant').inputValue()).toBe(tenant.tenant);
    expect(await c.page.getByTestId('setup-client-id').inputValue()).toBe(tenant.clientId);
    await c.page.getByTestId('setup-saved-credential').waitFor();
  });
});

describe('4. plain language', () => {
  it('says what to enter on the field, never zod\'s text; an error\'s code only in its Details', async () => {
    const c = session.console;
    await c.goTo('settings');
    await c.fillSetting('scheduleMinutes', '2');
    await c.fillSetting('lookbackMaxDays', 'ten');
    await c.saveSettings();
    expect(await c.settingsField('scheduleMinutes').textContent()).toContain('Enter a number at least 5.');
    expect(await c.settingsField('lookbackMaxDays').textContent()).toContain('Enter a whole number, such as 15.');
    const text = (await c.section('settings').textContent()) ?? '';
    expect(text).not.toMatch(/Too small|expected number|NaN|invalid_type|>=/);
    await c.page.reload();
    await c.section('settings').waitFor();

    await c.goTo('preview');
    await c.previewSource('Pasted Graph JSON');
    await c.pastePreviewJson('this is not json\nnor this');
    await c.page.getByTestId('preview-run').click();
    const error = c.errors.first();
    await error.waitFor();
    expect(await error.getByTestId('error-text').textContent()).toBe('Line 1 is not valid JSON: paste a Graph message, a JSON array, or one envelope per line.');
    expect(await error.getByText('invalid-input').isVisible()).toBe(false);
    await error.getByText('Details').click();
    await error.getByText('invalid-input').waitFor({ state: 'visible' });
  });

  it('renders audit details as labelled fields, the raw JSON behind "Raw entry"', async () => {
    const c = session.console;
    await c.openRoute(session.server.origin, '/audit?actions=import.decision');
    await c.auditRows.first().waitFor();
    const row = c.auditRows.first();
    const shown = (await row.locator('ul').textContent()) ?? '';
    expect(shown).toMatch(/Verdict: (import|skip)/);
    expect(shown).toContain('Rule: ');
    expect(shown).not.toContain('{');
    expect(await row.getByText('"fingerprint"').isVisible()).toBe(false);
  });
});

describe('5. who did what', () => {
  it('records an action taken in the web console as "web-console" by the operating-system user, and shows it so', async () => {
    const c = session.console;
    await c.goTo('health');
    await c.page.getByTestId('sync-pause-toggle').click();
    await c.page.getByTestId('sync-paused-state').getByText('Scheduled sync paused').waitFor();
    await c.page.getByTestId('sync-pause-toggle').click();
    await c.page.getByTestId('sync-paused-state').getByText('Scheduled sync on').waitFor();
    const [resumed] = (await api()['audit.list']({ actions: ['sync.resumed'], limit: 1 })).items;
    expect(resumed).toMatchObject({ source: 'web-console', actor: userInfo().username });
    await c.openRoute(session.server.origin, '/audit?actions=sync.paused,sync.resumed');
    await c.auditRows.first().waitFor();
    expect(await c.auditRows.first().getAttribute('data-source')).toBe('web-console');
    expect(await c.auditRows.first().textContent()).toContain('Web console');
  });
});

describe('6. audit page', () => {
  it('filters by actions chosen from the list, pages with a total, refuses From after To, and exports exactly the filtered set', async () => {
    const c = session.console;
    await at(SIZES[0]);
    await c.goTo('audit');
    await c.auditRows.first().waitFor();
    await c.filterAudit({ actions: ['Sync decision', 'Sync cycle finished'] });
    const selection = await api()['audit.list']({ actions: ['import.decision', 'sync.cycle'], limit: 500 });
    expect(selection.total).toBeGreaterThan(25);
    await expect.poll(() => c.page.getByTestId('audit-count').textContent()).toBe(`Entries 1–25 of ${selection.total}`);
    expect(await c.auditRows.evaluateAll((rows) => rows.map((r) => Number(r.querySelector('td')?.textContent)))).toEqual(selection.items.slice(0, 25).map((e) => e.seq));
    expect(c.page.url()).toMatch(/actions=(sync\.cycle%2Cimport\.decision|import\.decision%2Csync\.cycle)/);
    await c.page.getByTestId('audit-older').click();
    await expect.poll(() => c.page.getByTestId('audit-count').textContent()).toBe(`Entries 26–${Math.min(50, selection.total)} of ${selection.total}`);
    expect(Number(await c.auditRows.first().locator('td').first().textContent())).toBe(selection.items[25]!.seq);
    for (const size of SIZES) {
      await at(size);
      await shot('audit-filtered', size);
    }
    await at(SIZES[0]);

    const downloaded = c.page.waitForEvent('download');
    await c.page.getByTestId('audit-export').click();
    const rows = parseCsv((await readFile(await (await downloaded).path(), 'utf8')).replace(/^\uFEFF/, '')).slice(1);
    expect(rows.map((r) => Number(r[0]))).toEqual(selection.items.map((e) => e.seq).sort((a, b) => a - b));
    expect(await c.page.getByTestId('audit-exported').textContent()).toContain(`Exported ${selection.total} entries`);

    let listed = 0;
    c.page.on('request', (request) => {
      if (request.url().endsWith('/api/audit.list')) listed += 1;
    });
    await c.page.getByTestId('audit-from').fill('2026-03-05');
    await c.page.getByTestId('audit-to').fill('2026-03-01');
    await c.page.getByTestId('audit-apply').click();
    await c.page.getByText('The To day is before the From day. Choose a To day on or after the From day.').waitFor();
    expect(listed).toBe(0);
    await expect(api()['audit.list']({ from: '2026-03-05T00:00:00Z', to: '2026-03-01T00:00:00Z', limit: 10 })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});

describe('2. partial results', () => {
  it('previews the mailboxes that work and names the one without an Exchange mailbox, with what to do', async () => {
    const c = session.console;
    const mailless = session.core.sandbox.users.find((u) => !u.hasMailbox)?.address.toLowerCase();
    const working = (await api()['mailboxes.list']({})).items.find((m) => m.optedIn)?.address;
    if (!mailless || !working) throw new Error('the demo lacks a user without a mailbox or an opted-in mailbox');
    const expected = await api()['preview.run']({ source: { kind: 'mailboxes', addresses: [mailless, working], since: '2000-01-01T00:00:00Z' } });
    expect(expected.failures.map((f) => f.mailbox)).toEqual([mailless]);
    expect(expected.lines.length).toBeGreaterThan(0);
    for (const size of SIZES) {
      await at(size);
      await c.goTo('overview'); // a fresh preview form at each size
      await c.goTo('preview');
      await c.pickPreviewMailbox(mailless);
      await c.pickPreviewMailbox(working);
      await c.previewDates('2000-01-01', new Date().toISOString().slice(0, 10));
      await c.runPreview();
      const failure = c.page.getByTestId('preview-failure');
      expect(await failure.count()).toBe(1);
      expect(await failure.getAttribute('data-mailbox')).toBe(mailless);
      expect(await failure.textContent()).not.toContain('mailbox-unavailable');
      expect(await c.previewRows.count()).toBe(expected.lines.length);
      await shot('preview-partial', size);
    }
  });
});

describe('1. safe by default', () => {
  it('warns before opting in a mailbox that cannot sync and asks before opting one out, with its stored mail counted', async () => {
    const c = session.console;
    await at(SIZES[0]);
    const mailboxes = (await api()['mailboxes.list']({})).items;
    const mailless = mailboxes.find((m) => m.state === 'no-mailbox');
    const on = mailboxes.find((m) => m.optedIn && m.imported > 0);
    if (!mailless || !on) throw new Error('the demo lacks a no-mailbox user or a mailbox with imports');
    await c.goTo('mailboxes');
    await c.mailboxRows.first().waitFor();
    await c.mailboxRow(mailless.address).getByTestId('mailbox-opt-in').click();
    const warning = c.page.getByTestId('opt-in-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('no Exchange Online mailbox');
    await shot('opt-in-warning', SIZES[0]);
    await c.page.getByTestId('opt-in-warning-cancel').click();
    await warning.waitFor({ state: 'detached' });

    await c.mailboxRow(on.address).getByTestId('mailbox-opt-in').click();
    const question = c.page.getByTestId('opt-out-confirm');
    await question.waitFor();
    expect(await question.getByTestId('opt-out-stored').textContent()).toContain(`${(on.imported + on.alreadyStored).toLocaleString('en')} email`);
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
    await shot('opt-out-confirm', SIZES[0]);
    await c.page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    const after = (await api()['mailboxes.list']({})).items;
    expect(after.find((m) => m.address === mailless.address)?.optedIn).toBe(false);
    expect(after.find((m) => m.address === on.address)?.optedIn).toBe(true);
  });

  it('asks before a retention that deletes stored mail, with the count, and saves nothing when cancelled', async () => {
    const c = session.console;
    const preview = await api()['emails.retentionPreview']({ days: 1 });
    expect(preview.emails).toBeGreaterThan(0);
    await c.goTo('settings');
    await c.fillSetting('retentionDays', '1');
    await c.page.getByTestId('settings-save').click();
    await c.page.getByTestId('retention-confirm').waitFor();
    expect(await c.page.getByTestId('retention-count').textContent()).toContain(`${preview.emails.toLocaleString('en')} stored email`);
    await c.page.getByTestId('retention-confirm-cancel').click();
    await c.page.getByTestId('retention-confirm').waitFor({ state: 'detached' });
    expect((await api()['settings.get']({})).retentionDays).toBeNull();
    await c.page.reload();
    await c.section('settings').waitFor();
  });

  it('a CRM check with accounts.csv alone says in words and counts what importing would remove; Import asks first and Cancel changes nothing', async () => {
    const c = session.console;
    const before = await session.core.database.store.loadCrm();
    expect(before.contacts.length).toBeGreaterThan(0);
    const accounts = ['id,name,domains', ...before.accounts.map((a) => `${a.id},"${a.name.replace(/"/g, '""')}",${a.domains.join(';')}`)].join('\n');
    for (const size of SIZES) {
      await at(size);
      await c.goTo('setup');
      await c.page.getByTestId('crm-files').setInputFiles([{ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(accounts) }]);
      await c.page.getByTestId('crm-check').click();
      await c.page.locator('[data-testid="crm-report"][data-dry-run="true"]').waitFor();
      const outcome = (await c.page.getByTestId('crm-outcome').textContent()) ?? '';
      expect(outcome).toContain(`${before.contacts.length} contacts`);
      expect(outcome).toContain('emptied');
      expect(await c.page.getByTestId('crm-outcome').getAttribute('data-intent')).toBe('warning');
      await c.page.getByTestId('crm-import').click();
      await c.page.getByTestId('crm-confirm').waitFor();
      expect(await c.page.getByTestId('crm-confirm').getByTestId('crm-removals').textContent()).toContain(`${before.contacts.length} contacts`);
      await shot('crm-confirm', size);
      await c.page.getByTestId('crm-confirm-cancel').click();
      await c.page.getByTestId('crm-confirm').waitFor({ state: 'detached' });
      expect((await session.core.database.store.loadCrm()).contacts).toHaveLength(before.contacts.length);
    }
    await expect(api()['crm.import']({ files: [{ name: 'accounts.csv', text: accounts }], dryRun: false, allowRemovals: false })).rejects.toMatchObject({ code: 'confirmation-required' });
    expect((await session.core.database.store.loadCrm()).contacts).toHaveLength(before.contacts.length);

    await c.page.getByTestId('crm-import').click();
    await c.confirmDialog('crm-confirm');
    await c.page.locator('[data-testid="crm-report"][data-dry-run="false"]').waitFor();
    expect((await session.core.database.store.loadCrm()).contacts).toHaveLength(0);
    await session.core.app.importCrm(before);
  });
});

describe('8. notifications', () => {
  it('a mailbox that stops syncing raises a banner and a webhook notification, listed on the Overview; restored, both clear', async () => {
    const c = session.console;
    const target = (await api()['mailboxes.list']({})).items.find((m) => m.optedIn && m.state === 'ok')?.address;
    if (!target) throw new Error('no healthy opted-in mailbox');
    await c.goTo('overview');
    await c.eventsConnected();
    const hooksBefore = hooks.length;
    session.core.sandbox.disableMailbox(target);
    await session.core.app.syncNow();
    const banner = c.page.locator(`[data-testid="alert"][data-alert-id="mailbox:${target}"]`);
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Exchange Online');
    await c.page.locator(`[data-testid="attention-mailbox"][data-address="${target}"]`).waitFor();
    await expect.poll(() => hooks.slice(hooksBefore).some((h) => h.raised.some((a) => a.id === `mailbox:${target}`))).toBe(true);
    for (const size of SIZES) {
      await at(size);
      await shot('alert-mailbox', size);
    }
    session.core.sandbox.enableMailbox(target);
    await session.core.app.syncNow();
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => hooks.some((h) => h.resolved.includes(`mailbox:${target}`))).toBe(true);
  });

  it('revoked consent raises one tenant alert linking to Setup, not one per mailbox', async () => {
    const c = session.console;
    await at(SIZES[0]);
    session.core.sandbox.revokeConsent();
    await session.core.app.syncNow();
    const consent = c.page.locator('[data-testid="alert"][data-alert-id="consent"]');
    await consent.waitFor();
    expect(await c.page.locator('[data-testid="alert"][data-alert-kind="mailbox-failing"]').count()).toBe(0);
    expect(await consent.getByRole('link', { name: 'Open Setup' }).count()).toBe(1);
    await shot('alert-consent', SIZES[0]);
    // Consent given again: the admin checks it where the console shows it (Sync health reads the
    // consent's health, which takes a fresh token); the next cycle reads the mailboxes and the alert clears.
    session.core.sandbox.grantConsent();
    await c.goTo('health');
    await c.page.locator('[data-testid="consent-state"][data-state="healthy"]').waitFor();
    await session.core.app.syncNow();
    await consent.waitFor({ state: 'detached' });
  });
});

describe('8. notifications (CRM)', () => {
  it('a CRM that can match nothing raises the CRM alert; the CRM restored, it clears', async () => {
    const c = session.console;
    const before = await session.core.database.store.loadCrm();
    const hooksBefore = hooks.length;
    await session.core.app.importCrm({ ...before, accounts: [], contacts: [], leads: [], opportunities: [] });
    await session.core.app.syncNow();
    const crm = c.page.locator('[data-testid="alert"][data-alert-id="crm"]');
    await crm.waitFor();
    expect(await crm.textContent()).toContain('Import the CRM files on the Setup page');
    await expect.poll(() => hooks.slice(hooksBefore).some((h) => h.raised.some((a) => a.id === 'crm'))).toBe(true);
    await session.core.app.importCrm(before);
    await session.core.app.syncNow();
    await crm.waitFor({ state: 'detached' });
  });
});

describe('9. keyboard only', () => {
  it('reaches Sync health through the collapsed menu, opens and closes a mailbox, then cancels an opt-out, all without a mouse', async () => {
    const c = session.console;
    await at(SIZES[1]);
    await c.openRoute(session.server.origin, '/');
    await c.section('overview').waitFor();
    const focused = () => c.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
    const tabTo = async (testId: string, max = 60) => {
      for (let i = 0; i < max; i += 1) {
        if ((await focused()) === testId) return;
        await c.page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${testId}`);
    };
    await tabTo('nav-menu');
    await c.page.keyboard.press('Enter');
    await tabTo('nav-health');
    await c.page.keyboard.press('Enter');
    await c.section('health').waitFor();
    expect(await c.page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await tabTo('health-sync-now');
    await c.page.getByTestId('health-mailbox-open').first().waitFor();
    await tabTo('health-mailbox-open', 80);
    await c.page.keyboard.press('Enter');
    await c.page.getByTestId('health-mailbox-detail').waitFor();
    await c.page.keyboard.press('Escape');
    await c.page.getByTestId('health-mailbox-detail').waitFor({ state: 'detached' });
    await expect.poll(focused).toBe('health-mailbox-open');

    await tabTo('nav-menu', 80);
    await c.page.keyboard.press('Enter');
    await tabTo('nav-mailboxes');
    await c.page.keyboard.press('Enter');
    await c.mailboxRows.first().waitFor();
    await tabTo('mailbox-opt-in', 80);
    const address = await c.page.evaluate(() => document.activeElement?.closest('[data-address]')?.getAttribute('data-address'));
    await c.page.keyboard.press('Space');
    await c.page.getByTestId('opt-out-confirm').waitFor();
    await c.page.keyboard.press('Enter'); // Cancel has the focus: nothing changes
    await c.page.getByTestId('opt-out-confirm').waitFor({ state: 'detached' });
    expect((await api()['mailboxes.list']({})).items.find((m) => m.address === address)?.optedIn).toBe(true);
    await expect.poll(focused).toBe('mailbox-opt-in');
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
  });

  it('ran without page errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
