/**
 * Page model of the console: tests say what a user does ("open Mailboxes", "sync now") and this
 * file knows how, so a markup change is fixed here once rather than in every test.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';

export type ConsoleSection = 'overview' | 'setup' | 'mailboxes' | 'engagements' | 'preview' | 'health' | 'crm' | 'missing' | 'settings' | 'audit';

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[]; html: string }[] };

export class ConsolePage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.section('overview').waitFor();
  }

  /** Opens a route directly (a deep link) in the same tab; the session token is already in sessionStorage. */
  async openRoute(origin: string, route: string): Promise<void> {
    await this.page.goto(`${origin}/#${route}`);
  }

  /** Resolves once the page's core-event stream is open (the renderer marks <html data-events>). */
  async eventsConnected(): Promise<void> {
    await this.page.locator('html[data-events="connected"]').waitFor({ state: 'attached' });
  }

  nav(section: ConsoleSection): Locator {
    return this.page.getByTestId(`nav-${section}`);
  }

  section(section: ConsoleSection): Locator {
    return this.page.getByTestId(`page-${section}`);
  }

  /** Below 1000 px the navigation is behind the Menu button: opens it when it is. */
  async openNavIfCollapsed(): Promise<void> {
    const menu = this.page.getByTestId('nav-menu');
    if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  }

  async goTo(section: ConsoleSection): Promise<Locator> {
    await this.openNavIfCollapsed();
    await this.nav(section).click();
    const locator = this.section(section);
    await locator.waitFor();
    return locator;
  }

  get statusFacts(): Locator {
    return this.page.getByTestId('status-facts');
  }

  get lastCycle(): Locator {
    return this.page.getByTestId('last-cycle');
  }

  async syncNow(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Sync now' }).click();
    const summary = this.page.getByTestId('sync-summary');
    await summary.waitFor();
    return summary;
  }

  get mailboxRows(): Locator {
    return this.page.getByTestId('mailbox-row');
  }

  get emailRows(): Locator {
    return this.page.getByTestId('email-row');
  }

  // --- Rule preview ---

  async previewSource(kind: 'Mailboxes and dates' | 'Pasted Graph JSON' | '.eml files'): Promise<void> {
    await this.page.getByTestId('preview-source-kind').getByLabel(kind).check();
  }

  /** Picks a mailbox in the preview's picker by typing part of its address. */
  async pickPreviewMailbox(address: string): Promise<void> {
    const picker = this.page.getByTestId('preview-mailbox-picker');
    await picker.click();
    await picker.fill(address);
    // A multiselect Combobox's options are menu item checkboxes (Fluent v9).
    await this.page.getByRole('menuitemcheckbox', { name: address }).click();
    await this.page.keyboard.press('Escape');
    await this.page.getByTestId('preview-selected-mailboxes').getByText(address, { exact: true }).waitFor();
  }

  async previewDates(since: string, until: string): Promise<void> {
    await this.page.getByTestId('preview-since').fill(since);
    await this.page.getByTestId('preview-until').fill(until);
  }

  async pastePreviewJson(text: string): Promise<void> {
    await this.page.getByTestId('preview-json').fill(text);
  }

  async dropEmlFiles(files: { name: string; text: string }[]): Promise<void> {
    await this.page.getByTestId('preview-eml-input').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'message/rfc822', buffer: Buffer.from(f.text, 'utf8') })));
    await this.page.getByTestId('preview-eml-files').waitFor();
  }

  /** Runs the preview and waits for its result (or its error). */
  async runPreview(): Promise<Locator> {
    await this.page.getByTestId('preview-run').click();
    const outcome = this.page.getByTestId('preview-result').or(this.page.getByTestId('error-message'));
    await outcome.first().waitFor();
    await this.page.getByTestId('preview-run').and(this.page.locator(':not([disabled])')).waitFor();
    return this.page.getByTestId('preview-result');
  }

  get previewRows(): Locator {
    return this.page.getByTestId('preview-row');
  }

  previewFigure(id: 'total' | 'imported' | 'skipped'): Locator {
    return this.page.getByTestId(`preview-summary-${id}`);
  }

  previewFilter(id: string): Locator {
    return this.page.getByTestId(`preview-filter-${id}`);
  }

  // --- Engagements ---

  /** Fills the named search fields (others cleared) and waits for the answer. */
  async searchEngagements(criteria: Partial<Record<'text' | 'account' | 'opportunity' | 'owner' | 'participant', string>>): Promise<void> {
    for (const key of ['text', 'account', 'opportunity', 'owner', 'participant'] as const) {
      await this.page.getByTestId(`search-${key}`).fill(criteria[key] ?? '');
    }
    const answered = this.page.waitForResponse((response) => response.url().endsWith('/api/emails.search'));
    await this.page.getByTestId('search-submit').click();
    await answered;
    await this.page.getByTestId('search-submit').and(this.page.locator(':not([disabled])')).waitFor();
  }

  /** Opens the detail dialog of the result row containing `text`. */
  async openEmail(text: string): Promise<Locator> {
    await this.emailRows.filter({ hasText: text }).getByTestId('email-open').click();
    const dialog = this.page.getByTestId('email-detail');
    await dialog.getByTestId('detail-explanation').waitFor();
    return dialog;
  }

  /** Picks an option of a Fluent Dropdown by its visible text. */
  async chooseOption(dropdownTestId: string, optionText: string): Promise<void> {
    await this.page.getByTestId(dropdownTestId).click();
    await this.page.getByRole('option', { name: optionText }).click();
  }

  // --- Settings ---

  /** The Field wrapping a settings input (its validation message is inside). */
  settingsField(key: string): Locator {
    return this.page.getByTestId(`field-${key}`);
  }

  async fillSetting(key: string, value: string): Promise<void> {
    await this.page.getByTestId(`settings-${key}`).fill(value);
  }

  /** Saves and waits for the outcome: saved, or refused per field (by the client's schema check or the core). */
  async saveSettings(): Promise<void> {
    await this.page.getByTestId('settings-save').click();
    const outcome = this.page.getByTestId('settings-saved').or(this.page.getByTestId('settings-invalid')).or(this.errors);
    await outcome.first().waitFor();
    await this.page.getByTestId('settings-save').and(this.page.locator(':not([disabled])')).waitFor();
  }

  // --- Mailboxes ---

  mailboxRow(address: string): Locator {
    return this.page.locator(`[data-testid="mailbox-row"][data-address="${address}"]`);
  }

  /**
   * Clicks the row's "Import email conversations" switch, confirms the question it asks when it asks
   * one (`confirm`: the dialog's test id - opt-out-confirm, opt-in-warning), and waits for the list.
   */
  async toggleOptIn(address: string, confirm?: 'opt-out-confirm' | 'opt-in-warning'): Promise<void> {
    const reread = this.page.waitForResponse((response) => response.url().endsWith('/api/mailboxes.list'));
    await this.mailboxRow(address).getByTestId('mailbox-opt-in').click();
    if (confirm) await this.confirmDialog(confirm);
    await reread;
  }

  async bulkOptIn(addresses: string[], optedIn: boolean, confirm?: 'opt-out-confirm' | 'opt-in-warning'): Promise<void> {
    for (const address of addresses) await this.mailboxRow(address).getByTestId('mailbox-select').click();
    const reread = this.page.waitForResponse((response) => response.url().endsWith('/api/mailboxes.list'));
    await this.page.getByTestId(optedIn ? 'bulk-opt-in' : 'bulk-opt-out').click();
    if (confirm) await this.confirmDialog(confirm);
    await reread;
  }

  /** Waits for a confirmation dialog and presses its confirm button. */
  async confirmDialog(testId: string): Promise<void> {
    const dialog = this.page.getByTestId(testId);
    await dialog.waitFor();
    await this.page.getByTestId(`${testId}-confirm`).click();
    await dialog.waitFor({ state: 'detached' });
    await this.pageReleased();
  }

  /**
   * Fluent hides the page from assistive technology (aria-hidden on #root) while a modal dialog is
   * open and gives it back a moment after the dialog is gone: checks wait for that, not for a time.
   */
  async pageReleased(): Promise<void> {
    await this.page.locator('#root:not([aria-hidden="true"])').waitFor({ state: 'attached' });
  }

  // --- Audit ---

  /** Sets the filter (actions by their labels, chosen from the list), applies it and waits for the list. */
  async filterAudit(filter: Partial<Record<'from' | 'to' | 'actor' | 'mailbox', string>> & { actions?: string[] }): Promise<void> {
    for (const key of ['from', 'to', 'actor', 'mailbox'] as const) await this.page.getByTestId(`audit-${key}`).fill(filter[key] ?? '');
    await this.chooseAuditActions(filter.actions ?? []);
    const answered = this.page.waitForResponse((response) => response.url().endsWith('/api/audit.list'));
    await this.page.getByTestId('audit-apply').click();
    await answered;
    // The answer is in; the rows and the count render after it (the count says "Reading…" until then).
    await this.page.waitForFunction(() => {
      const count = document.querySelector('[data-testid="audit-count"]')?.textContent ?? '';
      return count !== '' && count !== 'Reading…';
    });
  }

  /** Makes exactly these actions (labels) the chosen ones in the multi-select. */
  async chooseAuditActions(labels: string[]): Promise<void> {
    const dropdown = this.page.getByTestId('audit-actions');
    await dropdown.click();
    // A multiselect Dropdown's options are menu item checkboxes (Fluent v9).
    const options = this.page.getByRole('menuitemcheckbox');
    await options.first().waitFor();
    for (const option of await options.all()) {
      const name = ((await option.textContent()) ?? '').trim();
      const selected = (await option.getAttribute('aria-checked')) === 'true' || (await option.getAttribute('aria-selected')) === 'true';
      if (selected !== labels.includes(name)) await option.click();
    }
    await this.page.keyboard.press('Escape');
  }

  get auditRows(): Locator {
    return this.page.getByTestId('audit-row');
  }

  get errors(): Locator {
    return this.page.getByTestId('error-message');
  }

  async screenshot(filePath: string): Promise<void> {
    await this.page.screenshot({ path: filePath, fullPage: true });
  }

  /**
   * Runs axe-core in the page. The source is evaluated through the DevTools protocol rather than
   * added as a <script>, because the console's CSP (script-src 'self') rightly refuses inline scripts.
   * Fluent's Tabster focus guards (`data-tabster-dummy`: aria-hidden, focusable for an instant only
   * to redirect focus) are excluded, a documented false positive (microsoft/tabster#288); nothing
   * else is excluded and no rule is disabled.
   */
  async axeViolations(): Promise<AxeViolation[]> {
    const require = createRequire(import.meta.url);
    const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    await this.page.evaluate(source);
    // Colours measured mid-transition (Fluent animates a button from disabled to enabled) are
    // neither the before nor the after state: let running transitions finish first.
    await this.page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
    if ((await this.page.locator('[role="dialog"], [role="alertdialog"]').count()) === 0) await this.pageReleased();
    return this.page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: object, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run({ include: [['html']], exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
    });
  }
}
