/**
 * `correspondent crm connect|refresh|status --json` for each connected CRM, table-driven, through
 * the CLI's own entry against each simulator over HTTPS: connect tests and saves (the credential
 * from a file, never printed); a full refresh fills the tables with the seeded directory; a record
 * added in the CRM arrives with the next (incremental) refresh; a revoked credential fails the
 * refresh as crm-auth while the previous copy keeps serving; options of another CRM are refused.
 * Ground truth: the fixture's sizes and the one record the test adds.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataverseSimulator } from '@correspondent/crm-sandbox/dataverse/index.js';
import { startHubspotSimulator } from '@correspondent/crm-sandbox/hubspot/index.js';
import { startSalesforceSimulator } from '@correspondent/crm-sandbox';
import { runCli } from '../../../src-main/cli/main.js';
import { crmFixture, simulatorTls } from '../../support/crm-connector-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const SIZE = { accounts: 12, contacts: 40, leads: 9, opportunities: 16, users: 4 };

/** One connected CRM as the test drives it: its connect arguments, credential, and three controls. */
type Crm = {
  args: string[];
  caPem: string;
  secret: string;
  addContact(): void;
  revoke(): void;
  close(): Promise<void>;
};

const CRMS: { source: 'salesforce' | 'hubspot' | 'dynamics'; start: () => Promise<Crm> }[] = [
  {
    source: 'salesforce',
    start: async () => {
      const sim = await startSalesforceSimulator({ seed: crmFixture(SIZE) });
      return {
        args: ['--login-url', sim.loginUrl, '--client-id', sim.app.clientId],
        caPem: sim.caPem,
        secret: sim.app.clientSecret,
        addContact: () => void sim.org.insert('Contact', { FirstName: 'New', LastName: 'Person', Email: 'new.person@account2.example', AccountId: sim.org.idOf('Account', 'a-2') }),
        revoke: () => {
          sim.controls.rotateSecret('rotated-after-connect');
          sim.controls.revokeSessions();
        },
        close: () => sim.stop(),
      };
    },
  },
  {
    source: 'hubspot',
    start: async () => {
      const sim = await startHubspotSimulator({ snapshot: crmFixture(SIZE), tls: simulatorTls() });
      return {
        args: ['--base-url', sim.baseUrl],
        caPem: simulatorTls().caPem,
        secret: sim.accessToken,
        addContact: () => void sim.createRecord('contacts', { email: 'new.person@account2.example', firstname: 'New', lastname: 'Person', lifecyclestage: 'customer' }, sim.idOf('accounts', 'a-2')),
        revoke: () => sim.revokeToken(),
        close: () => sim.close(),
      };
    },
  },
  {
    source: 'dynamics',
    start: async () => {
      const sim = await startDataverseSimulator({ snapshot: crmFixture(SIZE), tls: simulatorTls() });
      return {
        args: ['--environment-url', sim.environmentUrl, '--tenant-id', sim.tenantId, '--client-id', sim.clientId, '--authority-host', sim.authorityHost],
        caPem: simulatorTls().caPem,
        secret: sim.clientSecret,
        addContact: () =>
          void sim.createRow('contacts', { fullname: 'New Person', emailaddress1: 'new.person@account2.example', _parentcustomerid_value: sim.idOf('accounts', 'a-2'), '#parentcustomerid_type': 'account' }),
        revoke: () => sim.revokeSecret(),
        close: () => sim.close(),
      };
    },
  },
];

describe.each(CRMS)('correspondent crm connect --source $source', ({ source, start }) => {
  let database: TestDatabase;
  let crm: Crm;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli([...args, '--data-dir', dir], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, untilStopped: async () => undefined });
    return { code, stdout, stderr };
  };
  const ca = () => path.join(dir, 'ca.pem');

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), `crm-${source}-`));
    crm = await start();
    await writeFile(ca(), crm.caPem);
    await writeFile(path.join(dir, 'secret.txt'), `${crm.secret}\n`);
    env = { MARIADB_URL: database.url, CORRESPONDENT_SECRET_KEY: randomBytes(32).toString('hex'), CORRESPONDENT_LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await crm?.close();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('connects, reads the directory in full, then the added record incrementally, and keeps the copy when the credential is revoked', async () => {
    const connected = await cli('crm', 'connect', '--source', source, ...crm.args, '--secret-file', path.join(dir, 'secret.txt'), '--ca-file', ca(), '--json');
    expect(connected.stderr).toBe('');
    expect(connected.code).toBe(0);
    expect(JSON.parse(connected.stdout)).toMatchObject({ source, hasSecret: true });
    expect(connected.stdout).not.toContain(crm.secret);
    expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).not.toContain(crm.secret);

    const full = await cli('crm', 'refresh', '--full', '--ca-file', ca(), '--json');
    expect(full.stderr).toBe('');
    expect(JSON.parse(full.stdout)).toMatchObject({ outcome: 'refreshed', kind: 'full', rejected: 0 });
    const afterFull = JSON.parse((await cli('crm', 'status', '--json')).stdout) as { counts: Record<string, number>; lastRefreshAt: string };
    expect(afterFull).toMatchObject({ source, counts: SIZE, error: null });

    crm.addContact();
    const incremental = await cli('crm', 'refresh', '--ca-file', ca(), '--json');
    expect(JSON.parse(incremental.stdout)).toMatchObject({ outcome: 'refreshed', kind: 'incremental' });
    const afterIncremental = JSON.parse((await cli('crm', 'status', '--json')).stdout) as { counts: Record<string, number>; lastRefreshAt: string };
    expect(afterIncremental.counts).toEqual({ ...SIZE, contacts: SIZE.contacts + 1 });

    crm.revoke();
    const refused = await cli('crm', 'refresh', '--full', '--ca-file', ca(), '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ outcome: 'failed', error: { code: 'crm-auth' } });
    const serving = JSON.parse((await cli('crm', 'status', '--json')).stdout) as Record<string, unknown>;
    expect(serving).toMatchObject({ source, counts: afterIncremental.counts, lastRefreshAt: afterIncremental.lastRefreshAt, error: { code: 'crm-auth' } });
  });

  it('refuses an option of another CRM and saves nothing', async () => {
    const foreign = source === 'salesforce' ? ['--environment-url', 'https://contoso.crm.dynamics.com'] : ['--login-url', 'https://login.salesforce.com'];
    const before = (await cli('crm', 'status', '--json')).stdout;
    const refused = await cli('crm', 'connect', '--source', source, ...crm.args, ...foreign, '--secret-file', path.join(dir, 'secret.txt'), '--ca-file', ca());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^correspondent: ${foreign[0]} is not a ${source} option`));
    expect((await cli('crm', 'status', '--json')).stdout.replace(/"ageSeconds":\d+/, '')).toBe(before.replace(/"ageSeconds":\d+/, ''));
  });
});
