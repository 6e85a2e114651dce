import { userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, seriousOrWorse, startConsoleSession, type ConsoleSession } from './console-session.js';

let session: ConsoleSession;
let owner: { email: string; name: string };
let otherOwner: { email: string; name: string };
let contact: { email: string; name: string; accountId: string | null };
let orgDomain: string;

const HOSTILE = '<img src=x onerror="window.__pwned=1">Quote <b>Q-7</b> <script>window.__pwned=2</script>';

/** Local midnight `days` from today, as the preview page computes its range ends. */
function localMidnight(days: number): string {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days).toISOString();
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

beforeAll(async () => {
  session = await startConsoleSession();
  const users = session.core.sandbox.crm.users.filter((u) => u.optedIn);
  const [first, second] = users;
  const found = session.core.sandbox.crm.contacts.find((c) => c.accountId !== null && !c.email.endsWith('@gmail.com'));
  if (!first || !second || !found) throw new Error('the generated tenant lacks two opted-in users or an account contact');
  owner = first;
  otherOwner = second;
  contact = found;
  orgDomain = session.core.settings.orgDomains[0] ?? '';
  const at = new Date().toISOString();
  session.core.sandbox.addMessage(owner.email, 'inbox', {
    subject: HOSTILE,
    body: { contentType: 'html', content: '<p>Here is our quote.</p><script>window.__pwned=3</script>' },
    from: { emailAddress: { name: contact.name, address: contact.email } },
    toRecipients: [{ emailAddress: { name: owner.name, address: owner.email } }],
    receivedDateTime: at,
    sentDateTime: at,
    internetMessageId: '<e2e-hostile-quote@customer.example>',
    isDraft: false,
  });
  await session.core.app.syncNow();
});

afterAll(async () => {
  await session?.close();
});

describe('rule preview in Chromium', () => {
  it('refuses to run without a mailbox and says why, next to the field', async () => {
    const c = session.console;
    await c.goTo('preview');
    await c.page.getByTestId('preview-run').click();
    await c.page.getByText('Pick at least one mailbox.').waitFor();
    expect(await c.page.getByTestId('preview-result').count()).toBe(0);
  });

  it('decides a live mailbox for a date range without storing anything', async () => {
    const c = session.console;
    const before = await session.core.app.handlers['emails.list']({ limit: 1, offset: 0 });
    const expected = await session.core.app.handlers['preview.run']({
      source: { kind: 'mailboxes', addresses: [owner.email.toLowerCase()], since: new Date(2000, 0, 1).toISOString(), until: localMidnight(1) },
    });
    expect(expected.summary.imported).toBeGreaterThan(0);
    expect(expected.summary.skipped).toBeGreaterThan(0);

    await c.pickPreviewMailbox(owner.email.toLowerCase());
    await c.previewDates('2000-01-01', today());
    await c.runPreview();
    expect(await c.previewFigure('total').textContent()).toBe(String(expected.summary.total));
    expect(await c.previewFigure('imported').textContent()).toBe(String(expected.summary.imported));
    expect(await c.previewFigure('skipped').textContent()).toBe(String(expected.summary.skipped));
    expect(await c.previewRows.count()).toBe(expected.summary.total);
    // The hostile subject of an imported message is text on the page, never markup.
    await c.page.getByText(HOSTILE, { exact: true }).first().waitFor();
    expect(await c.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await c.screenshot(path.join(SCREENSHOTS, 'preview-mailboxes.png'));

    await c.previewFilter('skip').click();
    expect(await c.page.getByTestId('preview-shown').textContent()).toBe(`Showing ${expected.summary.skipped} of ${expected.summary.total}`);
    expect(await c.previewRows.filter({ hasText: 'content not shown for skipped mail' }).count()).toBe(expected.summary.skipped);
    const [code, count] = Object.entries(expected.summary.byReason).sort((a, b) => b[1] - a[1])[0]!;
    await c.previewFilter(code).click();
    expect(await c.page.getByTestId('preview-shown').textContent()).toBe(`Showing ${count} of ${expected.summary.total}`);
    await c.previewFilter('all').click();

    const after = await session.core.app.handlers['emails.list']({ limit: 1, offset: 0 });
    expect(after.total).toBe(before.total);
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
  });

  it('decides pasted Graph JSON: imports the CRM contact, skips internal and unknown mail, names the missing domain', async () => {
    const c = session.console;
    const message = (id: string, from: string, to: string) => ({
      id,
      subject: `Pasted ${id}`,
      body: { contentType: 'text', content: 'Hello' },
      from: { emailAddress: { name: '', address: from } },
      toRecipients: [{ emailAddress: { name: '', address: to } }],
      receivedDateTime: '2024-05-02T09:00:00Z',
      sentDateTime: '2024-05-02T09:00:00Z',
      internetMessageId: `<${id}@pasted.example>`,
      isDraft: false,
    });
    const pasted = JSON.stringify([
      message('from-contact', contact.email, owner.email),
      message('internal', otherOwner.email, owner.email),
      message('stranger', 'someone@unknown-prospect.example', owner.email),
      42,
    ]);
    await c.previewSource('Pasted Graph JSON');
    await c.pastePreviewJson(pasted);
    await c.runPreview();
    expect(await c.previewFigure('total').textContent()).toBe('4');
    expect(await c.previewFigure('imported').textContent()).toBe('1');
    const rows = await c.previewRows.allTextContents();
    expect(rows[0]).toContain('Import');
    expect(rows[0]).toContain('Pasted from-contact');
    // Reasons in words (the stable code is the tooltip and stays in the CLI's JSON).
    expect(rows[1]).toContain('Internal only');
    expect(rows[2]).toContain('Not in the CRM');
    expect(rows[2]).not.toContain('Pasted stranger');
    expect(rows[3]).toContain('Could not be read');
    expect(await c.page.getByTestId('preview-missing').textContent()).toContain('unknown-prospect.example');
    await c.screenshot(path.join(SCREENSHOTS, 'preview-json.png'));
  });

  it('decides dropped .eml files, parsed by the core', async () => {
    const c = session.console;
    const eml = [
      `From: ${contact.name} <${contact.email}>`,
      `To: ${owner.name} <${owner.email}>`,
      'Subject: Dropped order confirmation',
      'Date: Thu, 02 May 2024 10:00:00 +0000',
      'Message-ID: <dropped-1@customer.example>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'We confirm the order.',
      '',
    ].join('\r\n');
    const internal = eml.replace(`From: ${contact.name} <${contact.email}>`, `From: ${otherOwner.name} <${otherOwner.email}>`).replace('dropped-1', 'dropped-2');
    await c.previewSource('.eml files');
    await c.dropEmlFiles([
      { name: 'order.eml', text: eml },
      { name: 'internal.eml', text: internal },
    ]);
    await c.runPreview();
    expect(await c.previewFigure('total').textContent()).toBe('2');
    expect(await c.previewFigure('imported').textContent()).toBe('1');
    const importRow = c.previewRows.filter({ hasText: 'Dropped order confirmation' });
    expect(await importRow.textContent()).toContain(orgDomain === '' ? 'Import' : owner.email.toLowerCase());
    expect(await c.previewRows.filter({ hasText: 'Internal only' }).count()).toBe(1);
    await c.screenshot(path.join(SCREENSHOTS, 'preview-eml.png'));
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);
  });
});

describe('engagements in Chromium', () => {
  it('finds emails by participant and by account name', async () => {
    const c = session.console;
    await c.goTo('engagements');
    await c.searchEngagements({ participant: contact.email });
    const expected = await session.core.app.handlers['emails.search']({ participant: contact.email, limit: 50, offset: 0 });
    expect(expected.total).toBeGreaterThan(0);
    expect(await c.page.getByTestId('emails-range').textContent()).toContain(`of ${expected.total}`);
    const shown = await c.emailRows.allTextContents();
    expect(shown).toHaveLength(expected.items.length);
    expected.items.forEach((email, index) => expect(shown[index]).toContain(email.subject));

    const account = session.core.sandbox.crm.accounts.find((a) => a.id === contact.accountId)!;
    await c.searchEngagements({ account: account.name, text: 'Quote' });
    await c.emailRows.filter({ hasText: HOSTILE }).waitFor();
    // The account by its name, not its CRM id.
    for (const row of await c.emailRows.allTextContents()) expect(row).toContain(account.name);
  });

  it('shows exactly what was captured and how the owner was chosen, and reassigns it', async () => {
    const c = session.console;
    await c.searchEngagements({ text: 'Q-7' });
    const dialog = await c.openEmail(HOSTILE);
    expect(await dialog.getByTestId('detail-subject').textContent()).toBe(HOSTILE);
    expect(await dialog.getByTestId('detail-from').textContent()).toContain(contact.email.toLowerCase());
    expect(await dialog.getByTestId('detail-body').textContent()).toContain('Here is our quote.');
    expect(await dialog.getByTestId('detail-mailboxes').textContent()).toContain(owner.email.toLowerCase());
    expect(await dialog.getByTestId('detail-message-id').textContent()).toContain('e2e-hostile-quote@customer.example');
    expect(await dialog.getByTestId('detail-explanation').textContent()).toMatch(/owner/);
    expect(await c.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await c.screenshot(path.join(SCREENSHOTS, 'engagement-detail.png'));
    expect(seriousOrWorse(await c.axeViolations())).toEqual([]);

    const newOwner = otherOwner.email.toLowerCase();
    await c.chooseOption('reassign-owner', `${otherOwner.name} <${newOwner}>`);
    await c.page.getByTestId('reassign-save').click();
    await dialog.getByTestId('reassign-saved').waitFor();
    expect(await dialog.getByTestId('detail-assigned-by').textContent()).toBe('Administrator');
    expect(await dialog.getByTestId('detail-owner').textContent()).toContain(newOwner);
    expect(await dialog.getByTestId('detail-reassignments').textContent()).toContain(newOwner);

    const [found] = (await session.core.app.handlers['emails.search']({ text: 'Q-7', limit: 50, offset: 0 })).items;
    const stored = await session.core.app.handlers['emails.get']({ id: found!.id });
    expect(stored.assignedTo).toBe(newOwner);
    expect(stored.assignedBy).toBe('admin');
    expect(stored.reassignments).toHaveLength(1);
    // The operating-system user running the console (nobody signed in as administrator).
    expect(stored.reassignments[0]!.actor).toBe(userInfo().username);

    await dialog.getByTestId('detail-close').click();
    await dialog.waitFor({ state: 'detached' });
    await c.searchEngagements({ owner: newOwner, text: 'Q-7' });
    expect(await c.emailRows.count()).toBe(1);
  });

  it('filters the mailboxes as one types', async () => {
    const c = session.console;
    await c.goTo('mailboxes');
    await c.mailboxRows.first().waitFor();
    await c.page.getByTestId('mailbox-filter').fill(owner.email.toLowerCase());
    await expect.poll(() => c.mailboxRows.count()).toBe(1);
    expect(await c.mailboxRows.first().textContent()).toContain(owner.email.toLowerCase());
    await c.screenshot(path.join(SCREENSHOTS, 'mailboxes-filtered.png'));
  });

  it('ran without page errors or CSP violations', () => {
    expect(session.problems).toEqual([]);
  });
});
