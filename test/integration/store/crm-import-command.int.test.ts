import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCrmImport, type CrmDirectoryReader } from '../../../src-main/cli/commands/crm-import.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { AppError } from '../../../src-shared/errors.js';
import { runCli } from '../../support/cli-runner.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

const base: CrmSnapshot = {
  accounts: [{ id: 'A1', name: 'Acme', domains: ['acme.example'] }, { id: 'A2', name: 'Beta', domains: ['beta.example'] }],
  contacts: [{ id: 'C1', email: 'buyer@acme.example', accountId: 'A1', name: 'Bea' }],
  leads: [],
  opportunities: [{ id: 'O1', accountId: 'A1', ownerUserId: 'U1', stage: 'Proposal', isClosed: false, createdAt: '2024-01-01T00:00:00.000Z', closeDate: '2024-06-30', amount: 1000 }],
  users: [{ id: 'U1', email: 'sam@ours.example', name: 'Sam', signedUpAt: null, optedIn: true }],
};

describe('correspondent crm import', () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness();
    await h.store.replaceCrm(base);
  });
  afterAll(async () => {
    await h.close();
  });

  const run = (reader: CrmDirectoryReader, args: string[]) =>
    runCli(
      (program, io) =>
        registerCrmImport(program, { io, env: () => ({ mariadbUrl: h.database.url, mariadbCaFile: null, elasticsearchUrl: null }), readCrmDirectory: reader }),
      ['crm', 'import', ...args],
    );
  const next: CrmSnapshot = {
    ...base,
    accounts: [{ id: 'A1', name: 'Acme Corp', domains: ['acme.example'] }, { id: 'A3', name: 'Gamma', domains: ['gamma.example'] }],
    users: [...base.users, { id: 'U1', email: 'dup@ours.example', name: 'Dup', signedUpAt: null, optedIn: false }],
  };
  const reader: CrmDirectoryReader = async (dir) => {
    expect(dir).toBe('/crm');
    return { snapshot: next, rejected: [{ file: 'leads.csv', line: 7, reason: 'email "not-an-address" is not an address' }] };
  };

  it('dry run: reports what would change and rejected rows, and changes nothing', async () => {
    const revision = await h.store.crmRevision();
    const result = await run(reader, ['/crm', '--dry-run', '--json']);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as { dryRun: boolean; changes: Record<string, unknown>; rejected: unknown[] };
    expect(report.dryRun).toBe(true);
    expect(report.changes['accounts']).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 0 });
    expect(report.changes['users']).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 1 });
    expect(report.rejected).toEqual([
      { file: 'leads.csv', line: 7, reason: 'email "not-an-address" is not an address' },
      { file: 'users.csv', line: null, reason: expect.stringMatching(/U1: duplicate id/) },
    ]);
    expect(await h.store.loadCrm()).toEqual(base);
    expect(await h.store.crmRevision()).toBe(revision);
  });

  it('real run: replaces the tables with the valid rows, bumps the revision, lists rejects on stderr', async () => {
    const revision = await h.store.crmRevision();
    const result = await run(reader, ['/crm']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('accounts: 1 added, 1 removed, 1 changed, 0 unchanged');
    expect(result.stderr).toContain('rejected leads.csv:7: email "not-an-address" is not an address');
    const crm = await h.store.loadCrm();
    expect(crm.accounts.map((a) => [a.id, a.name])).toEqual([['A1', 'Acme Corp'], ['A3', 'Gamma']]);
    expect(crm.users).toEqual(base.users);
    expect(await h.store.crmRevision()).toBe(revision + 1);
  });

  // Issue 20, point 5: before, a users.csv whose only row was rejected imported, exited 0 and
  // deleted every CRM user.
  it('keeps the rows of a table whose file had rejected rows, says so, exits 3; --allow-removals removes them', async () => {
    await h.store.replaceCrm(base);
    const badUsers: CrmDirectoryReader = async () => ({
      snapshot: { ...base, accounts: [base.accounts[0]!], users: [] },
      rejected: [{ file: '/crm/users.csv', line: 2, reason: 'email "sam at ours" is not an address' }],
    });
    const dry = await run(badUsers, ['/crm', '--dry-run', '--json']);
    expect(dry.exitCode).toBe(3);
    const dryReport = JSON.parse(dry.stdout) as { withheld: Record<string, number>; removed: Record<string, number> };
    expect(dryReport.withheld).toMatchObject({ users: 1, accounts: 0 });
    expect(dryReport.removed).toMatchObject({ users: 0, accounts: 1 });
    expect(dry.stderr).toMatch(/^correspondent: would keep 1 users that the files no longer list, because that file had rejected rows: fix them, or pass --allow-removals/m);
    expect(await h.store.loadCrm()).toEqual(base);

    const kept = await run(badUsers, ['/crm', '--json']);
    expect(kept.exitCode).toBe(3);
    const crm = await h.store.loadCrm();
    // The work happened: the accounts file (no rejections) was applied, A2 removed ...
    expect(crm.accounts.map((a) => a.id)).toEqual(['A1']);
    // ... and the users whose file had the rejected row are all still there.
    expect(crm.users).toEqual(base.users);
    expect(kept.stderr).toMatch(/^correspondent: kept 1 users /m);

    const allowed = await run(badUsers, ['/crm', '--allow-removals', '--json']);
    expect(allowed.exitCode, allowed.stderr).toBe(0);
    expect((JSON.parse(allowed.stdout) as { removed: Record<string, number> }).removed).toMatchObject({ users: 1 });
    expect((await h.store.loadCrm()).users).toEqual([]);
    await h.store.replaceCrm(base);
  });

  // A directory without a table's file used to empty that table.
  it('keeps every row of a table DIR has no file for, names it, exits 3; --allow-removals empties it', async () => {
    await h.store.replaceCrm(base);
    expect(base.users.length).toBeGreaterThan(0);
    const noUsersFile: CrmDirectoryReader = async () => ({ snapshot: { ...base, users: [] }, rejected: [], present: ['accounts', 'contacts', 'leads', 'opportunities'] });
    const kept = await run(noUsersFile, ['/crm', '--json']);
    expect(kept.exitCode).toBe(3);
    const report = JSON.parse(kept.stdout) as { withheld: Record<string, number>; missingTables: string[] };
    expect(report.withheld).toMatchObject({ users: base.users.length });
    expect(report.missingTables).toEqual(['users']);
    expect(kept.stderr).toMatch(new RegExp(`^correspondent: kept ${base.users.length} users that the files no longer list, because DIR has no file for that table`, 'm'));
    expect((await h.store.loadCrm()).users).toEqual(base.users);

    const emptied = await run(noUsersFile, ['/crm', '--allow-removals', '--json']);
    expect(emptied.exitCode, emptied.stderr).toBe(0);
    expect((await h.store.loadCrm()).users).toEqual([]);
    await h.store.replaceCrm(base);
  });

  it('fails with one line and a non-zero exit on bad input, leaving the CRM alone', async () => {
    const before = await h.store.loadCrm();
    const missing: CrmDirectoryReader = async (dir) => {
      throw new AppError('invalid-input', `${dir} is not a folder\nwith CSV files.`);
    };
    const bad = await run(missing, ['/nope']);
    expect(bad).toMatchObject({ exitCode: 1, stdout: '' });
    expect(bad.stderr).toBe('correspondent: /nope is not a folder with CSV files.\n');

    const empty = await run(async () => ({ snapshot: { accounts: [], contacts: [], leads: [], opportunities: [], users: [] }, rejected: [] }), ['/crm']);
    expect(empty.exitCode).toBe(1);
    expect(empty.stderr).toMatch(/^correspondent: .*no valid CRM rows.*\n$/);

    const noDir = await run(reader, []);
    expect(noDir.exitCode).not.toBe(0);
    expect(noDir.stderr.trim().split('\n')).toHaveLength(1);
    expect(await h.store.loadCrm()).toEqual(before);
  });
});
