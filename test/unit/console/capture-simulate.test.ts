/**
 * Issue 18, point 8: "simulate a change" in the console (capture.simulate) and on the command line
 * (preview --settings-draft). The same messages are decided with the current policy and with the
 * draft; the answer lists what would newly be imported or skipped, counted by reason; a bad draft
 * is refused by name before anything is read; nothing is stored (settings and lists unchanged).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulationResultSchema } from '../../../src-shared/capture-api.js';
import { apiContract } from '../../../src-shared/api.js';
import { settingsSchema } from '../../../src-shared/settings.js';
import type { ExclusionEntry } from '../../../src-shared/capture-policy.js';
import { runSimulation } from '../../../src-main/app/handlers/simulate-handlers.js';
import type { PreviewHandlerDeps } from '../../../src-main/app/handlers/preview-handlers.js';
import { runPreviewCommand } from '../../../src-main/cli/commands/preview.js';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import type { GraphMailReader } from '../../../src-main/graph/graph-mail-reader.js';
import { AppError } from '../../../src-shared/errors.js';
import { message, recipient, snapshot } from '../rules/rule-fixtures.js';

const ORG = ['ourco.example'];
const messages = [
  message({ id: 'm-plain' }),
  message({ id: 'm-interview', subject: 'Interview slots', internetMessageId: '<i@customer.example>' }),
  message({ id: 'm-private', singleValueExtendedProperties: [{ id: 'Integer 0x0036', value: '2' }], internetMessageId: '<p@customer.example>' }),
  message({ id: 'm-partner', ccRecipients: [recipient('x@partner.example')], internetMessageId: '<x@customer.example>' }),
];
const pasted = JSON.stringify(messages);
const draft = { capturePolicy: { sensitivity: { private: 'import' } }, exclusions: [{ kind: 'domain', value: 'partner.example' }] };

function deps(current: ExclusionEntry[]): PreviewHandlerDeps {
  return {
    store: { mailboxRecords: async () => [], listMailboxes: async () => [], sentByUs: async () => new Set<string>() },
    crm: { index: () => CrmIndex.fromSnapshot(snapshot), refreshIfChanged: async () => undefined },
    exclusions: { entries: () => current, refreshIfChanged: async () => undefined },
    reader: () => ({}) as GraphMailReader,
    settings: () => settingsSchema.parse({ orgDomains: ORG }),
    now: () => new Date('2026-01-01T00:00:00Z'),
  };
}

describe('capture.simulate (console)', () => {
  it('lists what the draft newly imports and newly skips, by reason, and changes nothing', async () => {
    const current: ExclusionEntry[] = [{ kind: 'subject', value: 'interview', mailbox: null }];
    const d = deps(current);
    const settingsBefore = JSON.stringify(d.settings());
    const input = apiContract['capture.simulate'].input.parse({ draft, source: { kind: 'graphJson', text: pasted } });
    const result = simulationResultSchema.parse(await runSimulation(d, input));
    expect(result.current).toMatchObject({ total: 4, imported: 2 });
    expect(result.draft).toMatchObject({ total: 4, imported: 3 });
    // The draft drops the subject term (its list replaces the current one) and imports private mail, and excludes partner.example.
    expect(result.newlyImported).toBe(2);
    expect(result.newlySkipped).toBe(1);
    expect(result.byReason).toEqual({ newlyImported: { 'excluded-subject': 1, sensitive: 1 }, newlySkipped: { 'excluded-participant': 1 } });
    expect(result.changes.map((c) => [c.id, c.change])).toEqual([
      ['m-interview', 'newly-imported'],
      ['m-private', 'newly-imported'],
      ['m-partner', 'newly-skipped'],
    ]);
    expect(result.changes[2]?.draft.reasons[0]?.detail).toContain('excluded domain partner.example');
    expect(JSON.stringify(d.settings())).toBe(settingsBefore);
    expect(current).toEqual([{ kind: 'subject', value: 'interview', mailbox: null }]);
  });

  it('refuses a bad draft by field before reading any message', async () => {
    const source = { kind: 'mailboxes', addresses: ['me@ourco.example'], since: '2025-01-01' } as const;
    // A field the settings schema refuses: the Api contract refuses the call, naming the field.
    const refused = apiContract['capture.simulate'].input.safeParse({ draft: { capturePolicy: { massMail: { maxRecipients: 0 } } }, source });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path.join('.')).toBe('draft.capturePolicy.massMail.maxRecipients');
    // An exclusion value the rules cannot read: refused by the core, before any mailbox is read.
    let read = false;
    const d = { ...deps([]), reader: () => { read = true; return {} as GraphMailReader; } };
    const input = apiContract['capture.simulate'].input.parse({ draft: { exclusions: [{ kind: 'domain', value: 'not a domain' }] }, source });
    const error = await runSimulation(d, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid-input');
    expect((error as AppError).issues?.[0]).toEqual({ path: 'exclusions.0', message: 'domain "not a domain" is not a domain name such as example.com' });
    expect(read).toBe(false);
  });
});

describe('correspondent preview --settings-draft (files)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'simulate-'));
    await writeFile(path.join(dir, 'mail.jsonl'), messages.map((m) => JSON.stringify({ mailbox: 'me@ourco.example', folder: 'inbox', message: m })).join('\n'));
    await writeFile(path.join(dir, 'draft.json'), JSON.stringify(draft));
    await writeFile(path.join(dir, 'bad-draft.json'), JSON.stringify({ scheduleMinutes: 1 }));
    await writeFile(path.join(dir, 'current.csv'), 'kind,value,mailbox\nsubject,Interview,\n');
    await mkdir(path.join(dir, 'crm'));
    await writeFile(path.join(dir, 'crm', 'accounts.csv'), 'id,name,domains\nA-1,Acme,customer.example\n');
    await writeFile(path.join(dir, 'crm', 'contacts.csv'), 'id,email,account_id,name\nC-1,alice@customer.example,A-1,Alice\n');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const run = async (...extra: [string, string][]) => {
    const out: string[] = [];
    const flags = Object.fromEntries([['messages', path.join(dir, 'mail.jsonl')], ...extra]) as Record<string, string>;
    await runPreviewCommand({ ...flags, json: true, settings: undefined } as never, { io: { stdout: (t) => out.push(t), stderr: () => undefined } });
    return out.join('');
  };

  it('prints one JSON document with the changes, against --exclusions as the current lists', async () => {
    const text = await run(['settingsDraft', path.join(dir, 'draft.json')], ['exclusions', path.join(dir, 'current.csv')], ['crm', path.join(dir, 'crm')]);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = simulationResultSchema.parse(JSON.parse(lines[0]!));
    expect(result.current).toMatchObject({ total: 4, imported: 2 });
    expect(result.byReason).toEqual({ newlyImported: { 'excluded-subject': 1, sensitive: 1 }, newlySkipped: { 'excluded-participant': 1 } });
    expect(result.changes.map((c) => c.id)).toEqual(['m-interview', 'm-private', 'm-partner']);
  });

  it('names the file and the field of a bad draft', async () => {
    await expect(run(['settingsDraft', path.join(dir, 'bad-draft.json')])).rejects.toThrow('--settings-draft: scheduleMinutes');
  });
});
