/**
 * The console's CRM upload (`crm.import`) on a demo app and a real MariaDB: a dry run reports the
 * per-table changes and changes nothing; bad rows are reported with file and line and left out;
 * an unknown file or a file set without a valid row is refused whole; a real import replaces the
 * CRM the rules use at once and is audited with its changes.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoRuntime } from '../../../src-main/app/demo-runtime.js';
import { silentLogger } from '../../../src-main/logging/logger.js';
import type { ApiClient } from '../../../src-shared/api.js';
import { createApiClient, dispatchApiCall } from '../../../src-shared/api-dispatch.js';
import { CRM_TABLE_NAMES } from '../../../src-shared/crm-import.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const CORPUS_CRM = path.join(import.meta.dirname, '../../corpus/crm');
let database: TestDatabase;
let dataDir: string;
let demo: DemoRuntime;
let files: { name: string; text: string }[];
/** Through the contract, as a shell calls it (input parsed, output checked). */
let api: ApiClient;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'crm-import-api-'));
  demo = await startDemo({ mariadbUrl: database.url, mariadbCaFile: null, dataDir, shell: 'headless', logger: silentLogger(), seed: 4 });
  api = createApiClient((method, input) => dispatchApiCall(demo.app.handlers, method, input));
  files = await Promise.all(CRM_TABLE_NAMES.map(async (t) => ({ name: `${t}.csv`, text: await readFile(path.join(CORPUS_CRM, `${t}.csv`), 'utf8') })));
});
afterAll(async () => {
  await demo?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const lines = (text: string) => text.trim().split('\n').length - 1; // rows without the header
const crmImports = async () => (await api['audit.list']({ actions: ['crm.imported'] })).items;
const verdictOfProbe = async () => (await api['preview.run']({ source: { kind: 'graphJson', text: JSON.stringify([probeMessage]) } })).lines[0];
// A message from the corpus CRM's first contact to a demo colleague: imported only once the corpus CRM is in.
const probeMessage = {
  id: 'probe-1',
  subject: 'Quote',
  from: { emailAddress: { address: 'laura.chen@contoso.com', name: 'Laura Chen' } },
  toRecipients: [{ emailAddress: { address: 'placeholder' } }],
  body: { contentType: 'text', content: 'Hello, please send the quote.' },
  receivedDateTime: '2026-11-20T10:00:00Z',
  internetMessageId: '<probe-1@contoso.com>',
};

describe('crm.import from the console', () => {
  beforeAll(() => {
    probeMessage.toRecipients = [{ emailAddress: { address: demo.sandbox.users.find((u) => u.hasMailbox)!.address } }];
  });

  it('dry run: reports per table what would change, and changes nothing', async () => {
    const auditedBefore = (await crmImports()).length;
    const before = await verdictOfProbe();
    const report = await api['crm.import']({ files, dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.rejectedCount).toBe(0);
    for (const table of CRM_TABLE_NAMES) {
      const text = files.find((f) => f.name === `${table}.csv`)!.text;
      expect(report.rows[table], table).toBe(lines(text));
      expect(report.changes[table].added + report.changes[table].changed + report.changes[table].unchanged, table).toBe(lines(text));
    }
    expect(report.changes.contacts.removed).toBeGreaterThan(0); // the demo CRM's contacts would go
    expect(await verdictOfProbe()).toEqual(before);
    expect(before).toMatchObject({ verdict: 'skip' });
    expect((await crmImports()).length).toBe(auditedBefore);
  });

  it('refuses a file that is not a CRM table, and a file set without a valid row, changing nothing', async () => {
    await expect(api['crm.import']({ files: [...files, { name: 'notes.txt', text: 'x' }], dryRun: false })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^notes\.txt: not a CRM file/),
    });
    await expect(api['crm.import']({ files: [{ name: 'contacts.csv', text: 'id,email,account_id,name\n,not-an-address,,\n' }], dryRun: false })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/no valid CRM rows \(1 rejected\); the CRM was not changed/),
    });
    expect(await verdictOfProbe()).toMatchObject({ verdict: 'skip' });
  });

  it('imports: bad rows reported by file and line and left out, the rules use the new CRM at once, audited with its changes', async () => {
    const contacts = files.find((f) => f.name === 'contacts.csv')!;
    const withBadRow = { name: 'Contacts.csv', text: `${contacts.text.trimEnd()}\nC-bad,not an address,A-100,Nobody\n` };
    const upload = [...files.filter((f) => f !== contacts), withBadRow];
    const importsBefore = (await crmImports()).length;
    // The demo's generated CRM is in place: replacing it removes rows, refused until allowed.
    await expect(api['crm.import']({ files: upload, dryRun: false })).rejects.toMatchObject({ code: 'confirmation-required', message: expect.stringMatching(/^Importing would remove /) });
    expect(await verdictOfProbe()).toMatchObject({ verdict: 'skip' });
    expect(await crmImports()).toHaveLength(importsBefore);
    const report = await api['crm.import']({ files: upload, dryRun: false, allowRemovals: true });
    expect(report.rejectedCount).toBe(1);
    expect(report.rejected[0]).toMatchObject({ file: 'Contacts.csv', line: lines(withBadRow.text) + 1 });
    expect(report.rows.contacts).toBe(lines(contacts.text));
    expect(await verdictOfProbe()).toMatchObject({ verdict: 'import' });
    const [entry] = await crmImports();
    expect(entry?.payload).toMatchObject({ rows: report.rows, changes: report.changes, rejected: 1 });
  });
});
