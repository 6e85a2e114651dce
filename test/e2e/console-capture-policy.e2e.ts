/**
 * Settings > Capture policy in Chromium against the real demo core (issue 18): an exclusion added
 * in the editor is stored and audited, a CSV check reports without changing anything, and
 * "Simulate this change" shows what a draft would newly import before anything is saved.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, seriousOrWorse, startConsoleSession, type ConsoleSession } from './console-session.js';

let session: ConsoleSession;

beforeAll(async () => {
  session = await startConsoleSession();
});

afterAll(async () => {
  await session?.close();
});

describe('capture policy section', () => {
  it('adds an exclusion that is stored and audited, and simulates a draft without saving it', async () => {
    const c = session.console;
    const { app, sandbox } = session.core;
    await c.goTo('settings');
    const editor = c.page.getByTestId('capture-exclusions');
    await editor.waitFor();
    // The defaults are there (a new database starts with the default subject terms).
    await expect.poll(() => c.page.getByTestId('exclusion-row').count()).toBeGreaterThan(5);

    await c.page.getByTestId('exclusion-kind').click();
    await c.page.getByRole('option', { name: 'domain' }).click();
    await c.page.getByTestId('exclusion-value').fill('@Partner-E2E.example');
    await c.page.getByTestId('exclusion-add').click();
    await c.page.getByTestId('exclusion-row').filter({ hasText: 'partner-e2e.example' }).waitFor();
    const stored = (await app.handlers['exclusions.list']({})).items.filter((e) => e.value === 'partner-e2e.example');
    expect(stored).toMatchObject([{ kind: 'domain', mailbox: null }]);
    const audit = await app.handlers['audit.list']({ actions: ['exclusions.changed'], limit: 100 });
    expect(audit.items.some((e) => JSON.stringify(e.payload).includes('partner-e2e.example'))).toBe(true);

    // Simulate importing Private mail: a private-marked message from a CRM contact, pasted.
    const contact = sandbox.crm.contacts[0]!.email;
    const mailbox = sandbox.users.find((u) => u.hasMailbox)!.address;
    const privateMail = {
      id: 'sim-1',
      subject: 'Pricing for next year',
      body: { contentType: 'text', content: 'Hello, here is our view.' },
      from: { emailAddress: { address: contact, name: '' } },
      toRecipients: [{ emailAddress: { address: mailbox, name: '' } }],
      sentDateTime: '2026-01-05T10:00:00Z',
      receivedDateTime: '2026-01-05T10:00:05Z',
      internetMessageId: '<sim-1@customer.example>',
      singleValueExtendedProperties: [{ id: 'Integer 0x0036', value: '2' }],
    };
    await c.page.getByTestId('capture-private').click();
    await c.page.getByRole('option', { name: 'import' }).click();
    await c.page.getByTestId('capture-simulate-open').click();
    await c.page.getByTestId('simulate-json').fill(JSON.stringify([privateMail]));
    await c.page.getByTestId('simulate-run').click();
    await c.page.getByTestId('simulate-result').waitFor();
    expect(await c.page.getByTestId('simulate-newly-imported').textContent()).toContain('Newly imported: 1 (sensitive: 1)');
    // Nothing was saved: the stored policy still skips private mail.
    expect((await app.handlers['settings.get']({})).capturePolicy.sensitivity.private).toBe('skip');
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
    await c.screenshot(path.join(SCREENSHOTS, 'capture-policy.png'));
    expect(session.problems).toEqual([]);
  });
});
