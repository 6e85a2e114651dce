/**
 * The console's administration pages against the real demo core: settings validated per field and
 * applied, opt-in per mailbox and in bulk, sync health with live updates, pause/resume, domains
 * missing from the CRM, and the audit log with its CSV download.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, seriousOrWorse, startConsoleSession, type ConsoleSession } from './console-session.js';
import { parseCsv } from './csv.js';

let session: ConsoleSession;

beforeAll(async () => {
  session = await startConsoleSession();
});

afterAll(async () => {
  await session?.close();
});

describe('settings page', () => {
  it('shows the core\'s validation message on the field, then saves a valid change that survives a reload', async () => {
    const c = session.console;
    await c.goTo('settings');
    await c.fillSetting('scheduleMinutes', '2');
    await c.fillSetting('blockedDomains', 'fine.example\nnot a domain');
    await c.saveSettings();
    expect(await c.settingsField('scheduleMinutes').textContent()).toContain('Enter a number at least 5.');
    expect(await c.settingsField('blockedDomains').textContent()).toContain('Line 2: must be a domain name such as example.com');
    expect((await session.core.app.handlers['settings.get']({})).scheduleMinutes).toBe(15);
    await c.screenshot(path.join(SCREENSHOTS, 'settings-invalid.png'));

    await c.fillSetting('scheduleMinutes', '30');
    await c.fillSetting('blockedDomains', 'blocked-e2e.example');
    await c.fillSetting('blockSenders', 'newsletter@*');
    await c.saveSettings();
    await c.page.getByTestId('settings-saved').waitFor();
    const saved = await session.core.app.handlers['settings.get']({});
    expect(saved.scheduleMinutes).toBe(30);
    expect(saved.blockedDomains).toEqual(['blocked-e2e.example']);
    expect(saved.automatedMail.block.senders).toEqual(['newsletter@*']);
    expect((await session.core.app.handlers['sync.state']({})).scheduleMinutes).toBe(30);

    await c.page.reload();
    await c.goTo('settings');
    await expect.poll(() => c.page.getByTestId('settings-scheduleMinutes').inputValue()).toBe('30');
    expect(await c.page.getByTestId('settings-blockedDomains').inputValue()).toBe('blocked-e2e.example');
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
    await c.screenshot(path.join(SCREENSHOTS, 'settings.png'));
  });
});

describe('sync health page', () => {
  it('shows the new cycle after "Sync now", with the run\'s progress pushed while it ran', async () => {
    const c = session.console;
    await c.goTo('health');
    await c.eventsConnected();
    await c.page.getByText('No cycle has finished yet.').waitFor();
    await c.page.getByTestId('health-sync-now').click();
    // Filled only from sync.progress events: nothing on this page reads progress otherwise.
    await c.page.getByTestId('sync-live-mailbox').first().waitFor();
    await c.page.locator('[data-testid="sync-live"][data-finished="true"]').waitFor();
    const cycles = await session.core.app.handlers['health.cycles']({ limit: 50 });
    expect(cycles.items).toHaveLength(1);
    const latest = cycles.items[0]!;
    await c.page.getByTestId('health-latest-cycle').waitFor();
    expect(await c.page.getByTestId('health-latest-cycle').textContent()).toContain(`${latest.cycle.imported} imported`);
    expect(await c.page.getByTestId('cycle-duration-chart').locator('.recharts-bar-rectangle').count()).toBe(1);
    const optedIn = (await session.core.app.handlers['health.mailboxes']({})).items;
    expect(await c.page.getByTestId('health-mailbox-row').count()).toBe(optedIn.length);
    await c.screenshot(path.join(SCREENSHOTS, 'health.png'));
  });

  it('updates without reload when a cycle finishes elsewhere', async () => {
    const c = session.console;
    await session.core.app.syncNow();
    await expect.poll(() => c.page.getByTestId('cycle-duration-chart').locator('.recharts-bar-rectangle').count()).toBe(2);
  });

  it('opens a mailbox\'s per-folder figures', async () => {
    const c = session.console;
    const mailbox = (await session.core.app.handlers['health.mailboxes']({})).items.find((m) => m.optedIn && m.state === 'ok');
    if (!mailbox) throw new Error('no synced mailbox');
    const detail = await session.core.app.handlers['health.mailbox']({ address: mailbox.address });
    await c.page.getByTestId('health-mailbox-row').filter({ hasText: mailbox.address }).getByTestId('health-mailbox-open').click();
    const dialog = c.page.getByTestId('health-mailbox-detail');
    await dialog.getByTestId('health-folder-row').first().waitFor();
    expect(await dialog.getByTestId('health-folder-row').count()).toBe(detail.folders.length);
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
    await c.screenshot(path.join(SCREENSHOTS, 'health-mailbox.png'));
    await c.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('pauses and resumes the schedule, and shows a pause made elsewhere', async () => {
    const c = session.console;
    const badge = c.page.getByTestId('sync-paused-state');
    await c.page.getByTestId('sync-pause-toggle').click();
    await badge.getByText('Scheduled sync paused').waitFor();
    expect((await session.core.app.handlers['sync.state']({})).paused).toBe(true);
    await c.page.getByTestId('sync-pause-toggle').click();
    await badge.getByText('Scheduled sync on').waitFor();
    expect((await session.core.app.handlers['sync.state']({})).paused).toBe(false);

    // A pause made elsewhere reaches the page through its event stream: it must be open.
    await c.eventsConnected();
    await session.core.app.handlers['sync.pause']({});
    await badge.getByText('Scheduled sync paused').waitFor();
    await session.core.app.handlers['sync.resume']({});
    await badge.getByText('Scheduled sync on').waitFor();
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
  });
});

describe('mailboxes page', () => {
  it('opts one mailbox out with its switch, another out in bulk, then both in at once', async () => {
    const c = session.console;
    await c.goTo('mailboxes');
    await c.mailboxRows.first().waitFor();
    const before = (await session.core.app.handlers['mailboxes.list']({})).items;
    const [on, off] = before.filter((m) => m.optedIn && m.state !== 'no-mailbox');
    if (!on || !off) throw new Error('the demo lacks two opted-in mailboxes');

    await c.toggleOptIn(on.address, 'opt-out-confirm');
    const afterToggle = (await session.core.app.handlers['mailboxes.list']({})).items;
    expect(afterToggle.find((m) => m.address === on.address)?.optedIn).toBe(false);
    // The page reads the list again after the change; its answer is rendered right after.
    await expect.poll(() => c.mailboxRow(on.address).getByRole('switch').isChecked()).toBe(false);

    await c.bulkOptIn([off.address], false, 'opt-out-confirm');
    expect((await session.core.app.handlers['mailboxes.list']({})).items.find((m) => m.address === off.address)?.optedIn).toBe(false);

    await c.bulkOptIn([on.address, off.address], true);
    const afterBulk = (await session.core.app.handlers['mailboxes.list']({})).items;
    expect(afterBulk.filter((m) => [on.address, off.address].includes(m.address)).map((m) => m.optedIn)).toEqual([true, true]);
    await expect.poll(() => c.mailboxRow(off.address).getByRole('switch').isChecked()).toBe(true);
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
    await c.screenshot(path.join(SCREENSHOTS, 'mailboxes-opt-in.png'));
  });
});

describe('missing from CRM page', () => {
  it('lists the domains of skipped mail that no CRM account has, with counts', async () => {
    const c = session.console;
    const expected = (await session.core.app.handlers['health.missingFromCrm']({ limit: 200 })).items;
    expect(expected.length).toBeGreaterThan(0);
    await c.goTo('missing');
    await c.page.getByTestId('missing-row').first().waitFor();
    expect(await c.page.getByTestId('missing-row').count()).toBe(expected.length);
    const first = await c.page.getByTestId('missing-row').first().textContent();
    expect(first).toContain(expected[0]!.domain);
    expect(first).toContain(String(expected[0]!.skipped));
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
    await c.screenshot(path.join(SCREENSHOTS, 'missing-from-crm.png'));
  });
});

describe('audit log page', () => {
  it('lists the settings change and downloads a CSV export whose rows parse', async () => {
    const c = session.console;
    await c.goTo('audit');
    await c.auditRows.first().waitFor();
    await c.filterAudit({ actions: ['Settings changed'] });
    await expect.poll(() => c.auditRows.count()).toBeGreaterThan(0);
    expect(await c.auditRows.first().textContent()).toContain('Schedule minutes: 15 → 30');
    await c.screenshot(path.join(SCREENSHOTS, 'audit.png'));
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);

    const downloaded = c.page.waitForEvent('download');
    await c.page.getByTestId('audit-export').click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toMatch(/^correspondent-audit-.+\.csv$/);
    const rows = parseCsv((await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['seq', 'at', 'actor', 'source', 'action', 'payload', 'prev_hash', 'hash']);
    const entries = rows.slice(1);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((row) => row.length === 8)).toBe(true);
    expect(entries.map((row) => row[4])).toContain('settings.changed');
    await c.page.getByTestId('audit-exported').waitFor();
    // The export itself is audited.
    expect((await session.core.app.handlers['audit.list']({ actions: ['audit.exported'], limit: 5 })).items).toHaveLength(1);
  });

  it('filters by mailbox and actor in the database, and exports exactly what it lists', async () => {
    const c = session.console;
    const mailbox = (await session.core.app.handlers['health.mailboxes']({})).items.find((m) => m.optedIn)?.address;
    if (!mailbox) throw new Error('the demo lacks an opted-in mailbox');
    await c.filterAudit({ mailbox });
    await expect.poll(() => c.auditRows.count()).toBeGreaterThan(0);
    const listed = await c.auditRows.allTextContents();
    expect(listed.every((row) => row.includes(mailbox))).toBe(true);

    // The page lists the newest entries; the export has all the filter selects, as the Api counts them.
    const selected = (await session.core.app.handlers['audit.list']({ mailbox, limit: 500 })).items;
    expect(selected.length).toBeLessThan(500);
    const downloaded = c.page.waitForEvent('download');
    await c.page.getByTestId('audit-export').click();
    const rows = parseCsv((await readFile(await (await downloaded).path(), 'utf8')).replace(/^\uFEFF/, '')).slice(1);
    expect(rows).toHaveLength(selected.length);
    expect(listed.length).toBeLessThanOrEqual(selected.length);
    expect(rows.map((row) => Number(row[0])).sort((a, b) => a - b)).toEqual(selected.map((e) => e.seq).sort((a, b) => a - b));
    expect(rows.every((row) => (row[5] ?? '').includes(mailbox))).toBe(true);

    await c.filterAudit({ actor: 'no-such-actor' });
    await expect.poll(() => c.auditRows.count()).toBe(0);
    expect(await c.page.getByTestId('audit-count').textContent()).toContain('0 entries match the filter');
  });

  it('ran without page errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
