/**
 * The console's CRM page in Chromium on the demo (connected to its simulated Salesforce org):
 * source, last refresh and counts per object as the core reports them; "Refresh now" and "Test
 * connection"; a revoked secret shown as the named error while the counts stay; reconnecting with
 * the new secret through the form; the form's fields for HubSpot and Dynamics 365; the secret never
 * on the page; no serious accessibility issue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousOrWorse, startConsoleSession, type ConsoleSession } from './console-session.js';

let session: ConsoleSession;

beforeAll(async () => {
  session = await startConsoleSession();
});
afterAll(async () => {
  await session?.close();
});

describe('the CRM page in Chromium', () => {
  it('shows the connected CRM, refreshes it now, names a failure and reconnects', async () => {
    const c = session.console;
    const sim = session.core.crmSimulator;
    if (!sim) throw new Error('the demo has no CRM simulator');
    const seed = session.core.sandbox.crm;
    const page = await c.goTo('crm');
    await page.getByTestId('crm-source').getByText('Source: Salesforce').waitFor();
    expect(await page.getByTestId('crm-count-contacts').textContent()).toBe(`contacts${seed.contacts.length}`);
    expect(await page.getByTestId('crm-count-accounts').textContent()).toBe(`accounts${seed.accounts.length}`);
    expect(await page.getByTestId('crm-last-refresh').textContent()).toMatch(/full\)$/);
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);

    await page.getByTestId('crm-test').click();
    await page.getByTestId('crm-test-ok').waitFor();
    await page.getByTestId('crm-refresh-now').click();
    await page.getByTestId('crm-refresh-report').getByText(/^Refreshed \((incremental|full)\)/).waitFor();

    sim.controls.rotateSecret('regenerated-secret');
    await page.getByTestId('crm-refresh-now').click();
    await page.getByTestId('crm-refresh-report').getByText(/^The refresh failed \(crm-auth\)/).waitFor();
    await page.getByTestId('crm-error').getByText('The last refresh failed (crm-auth)').waitFor();
    expect(await page.getByTestId('crm-count-contacts').textContent()).toBe(`contacts${seed.contacts.length}`);

    await page.getByTestId('crm-login-url').fill(sim.loginUrl);
    await page.getByTestId('crm-client-id').fill(sim.app.clientId);
    await page.getByTestId('crm-secret').fill('regenerated-secret');
    await page.getByTestId('crm-connect-run').click();
    // Connecting saves a new connection: the error is gone until the next refresh says otherwise.
    await page.getByTestId('crm-error').waitFor({ state: 'detached' });
    await page.getByTestId('crm-refresh-now').click();
    await page.getByTestId('crm-refresh-report').getByText(/^Refreshed \(full\)/).waitFor();
    expect(await page.getByTestId('crm-secret').inputValue()).toBe('');
    // The same form connects HubSpot and Dynamics 365: their own fields replace Salesforce's.
    await page.getByTestId('crm-connect-source').click();
    await c.page.getByRole('option', { name: 'Dynamics 365 Sales' }).click();
    await page.getByTestId('crm-environment-url').waitFor();
    expect(await page.getByTestId('crm-login-url').count()).toBe(0);
    await page.getByTestId('crm-connect-source').click();
    await c.page.getByRole('option', { name: 'HubSpot' }).click();
    await page.getByTestId('crm-base-url').waitFor();
    expect(await page.getByTestId('crm-connect-run').isDisabled()).toBe(true);
    const html = await c.page.content();
    expect(html).not.toContain('regenerated-secret');
    expect(html).not.toContain(sim.app.clientSecret);
    expect(session.problems).toEqual([]);
  });
});
