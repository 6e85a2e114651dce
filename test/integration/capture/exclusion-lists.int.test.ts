/**
 * The exclusion lists on a real MariaDB through the Api handlers the console calls: defaults
 * seeded once (a removed default stays removed), each change committed with its audit entry,
 * entries compared byte for byte (bücher and bucher are two entries), a CSV with one bad row
 * refused whole with nothing changed, a dry run that changes nothing, replace mode, and an export
 * that reads back as the same lists.
 */
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUBJECT_TERMS } from '../../../src-shared/capture-policy.js';
import { AppError } from '../../../src-shared/errors.js';
import { silentLogger } from '../../../src-main/logging/logger.js';
import { loadExclusionDirectory } from '../../../src-main/app/exclusion-directory.js';
import { exclusionHandlers } from '../../../src-main/app/handlers/exclusion-handlers.js';
import { DEFAULT_EXCLUSIONS } from '../../../src-main/rules/capture-policy.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { openMailStore, type OpenedStore } from '../../../src-main/store/open-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
let opened: OpenedStore;
let api: ReturnType<typeof exclusionHandlers>;
const by = { actor: 'admin', source: 'headless' };

async function auditPayloads(): Promise<unknown[]> {
  const pool = await connectMariaDb(database.url, { connectionLimit: 1 });
  try {
    const [rows] = await pool.query<RowDataPacket[]>("SELECT payload_json FROM audit_log WHERE action = 'exclusions.changed' ORDER BY seq");
    return rows.map((r) => (typeof r['payload_json'] === 'string' ? JSON.parse(r['payload_json']) : r['payload_json']));
  } finally {
    await pool.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  opened = await openMailStore({ mariadbUrl: database.url, mariadbCaFile: null, dataDir: null, searchOutbox: false });
  expect(await opened.store.exclusions.seedOnce(DEFAULT_EXCLUSIONS, { actor: 'system:defaults', source: 'cli' })).toBe(true);
  api = exclusionHandlers({ store: opened.store.exclusions, directory: await loadExclusionDirectory(opened.store.exclusions, silentLogger()), by: () => by });
});

afterAll(async () => {
  await opened?.close();
  await database?.drop();
});

describe('exclusion lists', () => {
  it('seeds the default subject terms once; a removed default stays removed', async () => {
    const listed = await api['exclusions.list']({});
    expect(listed.items.map((e) => e.value).sort()).toEqual([...DEFAULT_SUBJECT_TERMS].sort());
    const interview = listed.items.find((e) => e.value === 'interview')!;
    await api['exclusions.change']({ add: [], remove: [interview.id] });
    expect(await opened.store.exclusions.seedOnce(DEFAULT_EXCLUSIONS, { actor: 'system:defaults', source: 'cli' })).toBe(false);
    expect((await api['exclusions.list']({})).items.some((e) => e.value === 'interview')).toBe(false);
    const audit = await auditPayloads();
    expect(audit).toHaveLength(2);
    expect(audit[1]).toEqual({ via: 'console', added: [], removed: [{ kind: 'subject', value: 'interview', mailbox: null }] });
  });

  it('normalises entries, keeps bücher and bucher apart, and refuses a bad entry with nothing changed', async () => {
    const before = await api['exclusions.list']({});
    const result = await api['exclusions.change']({
      add: [
        { kind: 'address', value: 'Bücher.Kunde@Bücher.example', mailbox: null },
        { kind: 'address', value: 'bucher.kunde@bucher.example', mailbox: null },
        { kind: 'domain', value: '*.Partner.example', mailbox: 'Rep@OurCo.example' },
      ],
      remove: [],
    });
    expect(result).toMatchObject({ added: 3, removed: 0, unchanged: 0, revision: before.revision + 1 });
    const values = (await api['exclusions.list']({})).items.filter((e) => e.kind !== 'subject').map((e) => [e.kind, e.value, e.mailbox]);
    expect(values).toEqual([
      ['address', 'bucher.kunde@bucher.example', null],
      ['address', 'bücher.kunde@xn--bcher-kva.example', null],
      ['domain', 'partner.example', 'rep@ourco.example'],
    ]);
    const auditBefore = (await auditPayloads()).length;
    const refused = await api['exclusions.change']({ add: [{ kind: 'address', value: 'ok@x.example', mailbox: null }, { kind: 'address', value: 'not an address', mailbox: null }], remove: [] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).issues).toEqual([{ path: 'add.1.value', message: 'address "not an address" is not an email address' }]);
    expect((await api['exclusions.list']({})).items.some((e) => e.value === 'ok@x.example')).toBe(false);
    expect(await auditPayloads()).toHaveLength(auditBefore);
  });

  it('imports CSV: a bad row refuses the file whole, a check changes nothing, replace makes the file the list, export reads back', async () => {
    const before = await api['exclusions.list']({});
    const bad = 'kind,value,mailbox\naddress,good@x.example,\nfruit,apple,\ndomain,not a domain,\n';
    const check = await api['exclusions.importCsv']({ text: bad, mode: 'add', dryRun: true });
    expect(check.rejected.map((r) => r.line)).toEqual([3, 4]);
    const refused = await api['exclusions.importCsv']({ text: bad, mode: 'add', dryRun: false }).catch((e: unknown) => e);
    expect((refused as AppError).issues?.map((i) => i.path)).toEqual(['line 3', 'line 4']);
    expect((await api['exclusions.list']({})).revision).toBe(before.revision);

    const good = 'Kind,Value,Mailbox\naddress,good@x.example,\nsubject,Project Falcon,rep@ourco.example\ndomain,@rival.example,\n';
    const dry = await api['exclusions.importCsv']({ text: good, mode: 'replace', dryRun: true });
    expect(dry).toMatchObject({ rows: 3, added: 3, removed: before.items.length, rejected: [] });
    expect((await api['exclusions.list']({})).revision).toBe(before.revision);

    const replaced = await api['exclusions.importCsv']({ text: good, mode: 'replace', dryRun: false });
    expect(replaced).toMatchObject({ added: 3, removed: before.items.length });
    const after = await api['exclusions.list']({});
    expect(after.items.map((e) => [e.kind, e.value, e.mailbox])).toEqual([
      ['address', 'good@x.example', null],
      ['domain', 'rival.example', null],
      ['subject', 'project falcon', 'rep@ourco.example'],
    ]);
    const audit = await auditPayloads();
    expect(audit[audit.length - 1]).toMatchObject({ via: 'csv-import' });

    const exported = await api['exclusions.exportCsv']({});
    expect(exported.entries).toBe(3);
    const again = await api['exclusions.importCsv']({ text: exported.csv, mode: 'replace', dryRun: false });
    expect(again).toMatchObject({ rows: 3, added: 0, removed: 0, unchanged: 3 });
  });
});
