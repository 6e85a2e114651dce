/**
 * The preview: the pure part (rules/preview.ts, preview-format.ts, eml-message.ts) and the
 * command (cli/commands/preview.ts) run on files written to a temporary directory.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import { registerPreview } from '../../../src-main/cli/commands/preview.js';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import { orgDomainsFromMailboxes, previewRuleSettings, runPreview, type PreviewEnvelope } from '../../../src-main/rules/preview.js';
import { previewJsonLine, previewSummaryText } from '../../../src-main/rules/preview-format.js';
import { message, recipient, snapshot } from '../rules/rule-fixtures.js';

const crm = CrmIndex.fromSnapshot(snapshot);
const settings = (envelopes: PreviewEnvelope[]) => previewRuleSettings(envelopes, { orgDomains: ['ourco.example'], blockedDomains: [], crm });

const envelopes: PreviewEnvelope[] = [
  { id: 'm1', mailbox: 'me@ourco.example', folder: 'inbox', message: message({ id: 'm1' }) },
  { id: 'm2', mailbox: 'me@ourco.example', folder: 'inbox', message: message({ id: 'm2', from: recipient('secret.person@unknown.example'), subject: 'Private subject' }) },
  { id: 'line 3', internetMessageId: null, problem: 'line 3: the envelope has no message object' },
  { id: 'm4', mailbox: 'me@ourco.example', folder: 'Sent Items', message: message({ id: 'm4', from: recipient('me@ourco.example'), toRecipients: [recipient('x@unknown.example')], internetMessageId: '<Mine-1@ourco.example>' }) },
  { id: 'm5', mailbox: 'me@ourco.example', folder: 'inbox', message: message({ id: 'm5', internetMessageHeaders: [{ name: 'In-Reply-To', value: '<mine-1@OURCO.example>' }, { name: 'Precedence', value: 'bulk' }, { name: 'X-Campaign', value: 'c1' }] }) },
];

describe('runPreview', () => {
  const result = runPreview(envelopes, settings(envelopes));

  it('answers every input in order; an input that is not a message gets a skip line saying why', () => {
    expect(result.lines.map((l) => [l.id, l.verdict])).toEqual([['m1', 'import'], ['m2', 'skip'], ['line 3', 'skip'], ['m4', 'skip'], ['m5', 'import']]);
    expect(result.lines[2]!.reasons).toEqual([{ code: 'unreadable', detail: 'line 3: the envelope has no message object' }]);
  });

  it('uses the Sent Items copies of the input as our Message-IDs (thread reciprocity)', () => {
    expect(result.lines[4]!.reasons.map((r) => r.code)).toEqual(['crm-contact', 'thread-reciprocity']);
  });

  it('summarises by reason and counts skipped external mail by domain, never by address or subject', () => {
    expect(result.summary).toMatchObject({ total: 5, imported: 2, skipped: 3 });
    expect(result.summary.byReason).toMatchObject({ 'crm-contact': 2, 'no-crm-match': 2, unreadable: 1, 'thread-reciprocity': 1 });
    expect(result.summary.missingFromCrm).toEqual([{ domain: 'unknown.example', count: 2 }]);
    const text = previewSummaryText(result.summary);
    expect(text).toContain('unknown.example');
    expect(text).not.toContain('secret.person');
    expect(text).not.toContain('Private subject');
  });

  it('prints JSON lines with exactly the documented keys, then the stage (docs/cli.md: issue 21)', () => {
    const line = JSON.parse(previewJsonLine(result.lines[0]!)) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(['id', 'internetMessageId', 'verdict', 'reasons', 'stage']);
    expect(line).toEqual({
      id: 'm1',
      internetMessageId: '<CAF8xQ9v+W2@Mail.Customer.Example>',
      verdict: 'import',
      reasons: [{ code: 'crm-contact', detail: 'alice@customer.example is a CRM contact of account Acme (A-1)' }],
      stage: 'content',
    });
  });

  it('derives organisation domains from the mailboxes when none are configured', () => {
    expect(orgDomainsFromMailboxes(envelopes)).toEqual(['ourco.example']);
  });
});

function cli() {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('correspondent').exitOverride();
  registerPreview(program, { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) } });
  return { run: (...args: string[]) => program.parseAsync(['preview', ...args], { from: 'user' }), out, err };
}

function workdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'preview-'));
  writeFileSync(path.join(dir, 'contacts.csv'), 'id,email,account_id,name\nC-1,alice@customer.example,,Alice\nC-2,broken,,Bad\n');
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ orgDomains: ['ourco.example'] }));
  return dir;
}

describe('correspondent preview', () => {
  it('--messages --json: one line per envelope in input order; rejected CRM rows go to stderr', async () => {
    const dir = workdir();
    const file = path.join(dir, 'in.jsonl');
    writeFileSync(file, [envelopes[0], envelopes[1]].map((e) => JSON.stringify({ mailbox: 'me@ourco.example', folder: 'inbox', message: (e as { message: unknown }).message })).join('\n') + '\n\n');
    const { run, out, err } = cli();
    await run('--messages', file, '--crm', dir, '--settings', path.join(dir, 'settings.json'), '--json');
    const lines = out.join('').trim().split('\n').map((l) => JSON.parse(l) as { id: string; verdict: string });
    expect(lines.map((l) => [l.id, l.verdict])).toEqual([['m1', 'import'], ['m2', 'skip']]);
    expect(err.join('')).toContain(`${path.join(dir, 'contacts.csv')}:3: CRM row rejected: email is not a valid address`);
  });

  it('fails on bad input with one line naming file and line', async () => {
    const dir = workdir();
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify({ mailbox: 'me@ourco.example', folder: 'inbox', message: {} })}\n{not json\n`);
    await expect(cli().run('--messages', file)).rejects.toThrow(`${file}:2: not valid JSON`);
    const settingsFile = path.join(dir, 'bad-settings.json');
    writeFileSync(settingsFile, JSON.stringify({ orgDomains: ['not a domain'] }));
    await expect(cli().run('--messages', path.join(dir, 'bad.jsonl'), '--settings', settingsFile)).rejects.toThrow(`${settingsFile}: settings.orgDomains.0:`);
  });

  it('answers a live mailbox with not-available when the command has no app wiring (the full CLI provides it)', async () => {
    const error = await cli().run('--mailbox', 'me@ourco.example', '--since', '2025-01-01').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('not-available');
  });

  it('--eml: reads RFC 5322 files into the Graph shape, headers and calendar parts included', async () => {
    const dir = workdir();
    const emls = path.join(dir, 'eml');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(emls);
    const head = 'From: Alice <alice@customer.example>\r\nTo: Me <me@ourco.example>\r\nDate: Mon, 10 Mar 2025 09:00:00 +0000\r\nMIME-Version: 1.0\r\n';
    writeFileSync(path.join(emls, 'a-person.eml'), `${head}Subject: Quote\r\nMessage-ID: <a@customer.example>\r\nContent-Type: text/plain\r\n\r\nPlease send the quote.\r\n`);
    writeFileSync(path.join(emls, 'b-news.eml'), `${head}Subject: News\r\nMessage-ID: <b@customer.example>\r\nList-Unsubscribe: <https://customer.example/u>,\r\n <mailto:u@customer.example>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nPrecedence: bulk\r\nContent-Type: text/plain\r\n\r\nOur news.\r\n`);
    writeFileSync(path.join(emls, 'c-invite.eml'), `${head}Subject: Meeting\r\nMessage-ID: <c@customer.example>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nJoin us\r\n--b\r\nContent-Type: text/calendar; method=CANCEL\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n--b--\r\n`);
    const { run, out } = cli();
    await run('--eml', emls, '--crm', dir, '--settings', path.join(dir, 'settings.json'), '--json');
    const lines = out.join('').trim().split('\n').map((l) => JSON.parse(l) as { id: string; verdict: string; internetMessageId: string; reasons: { detail: string }[] });
    expect(lines.map((l) => [l.id, l.internetMessageId, l.verdict])).toEqual([
      ['a-person.eml', '<a@customer.example>', 'import'],
      ['b-news.eml', '<b@customer.example>', 'skip'],
      ['c-invite.eml', '<c@customer.example>', 'skip'],
    ]);
    expect(lines[1]!.reasons[0]!.detail).toContain('List-Unsubscribe-Post');
    expect(lines[2]!.reasons[0]!.detail).toContain('meetingCancelled');
  });

  it('prints a table and a summary without --json', async () => {
    const dir = workdir();
    const file = path.join(dir, 'in.jsonl');
    writeFileSync(file, JSON.stringify({ mailbox: 'me@ourco.example', folder: 'inbox', message: message({ from: recipient('x@stranger.example') }) }) + '\n');
    const { run, out } = cli();
    await run('--messages', file);
    const text = out.join('');
    expect(text).toMatch(/1 messages: 0 imported, 1 skipped/);
    expect(text).toMatch(/Missing from CRM[^\n]*\n\s+stranger\.example\s+1/);
  });
});
