/**
 * `correspondent crm connect|status|refresh --json` end to end through the CLI's own entry
 * (runCli), on a test MariaDB and the Salesforce simulator: status says csv before anything is
 * connected; connect tests and saves (the secret read from a file, kept in the encrypted vault,
 * never printed); refresh fills the tables; status prints source, lastRefreshAt, counts and error;
 * a refused refresh exits 1 with its code and leaves the copy serving.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceSimulator, type SalesforceSimulator } from '@correspondent/crm-sandbox';
import { runCli } from '../../../src-main/cli/main.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
let sim: SalesforceSimulator;
let dir: string;
let env: NodeJS.ProcessEnv;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--data-dir', dir], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env, untilStopped: async () => undefined });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'crm-cli-'));
  sim = await startSalesforceSimulator({
    seed: {
      users: [{ id: 'U1', email: 'megan@contoso.example', name: 'Megan Bowen', signedUpAt: null, optedIn: true }],
      accounts: [{ id: 'A1', name: 'Fabrikam', domains: ['fabrikam.example'] }],
      contacts: [{ id: 'C1', email: 'anna@fabrikam.example', accountId: 'A1', name: 'Anna Novak' }],
      leads: [],
      opportunities: [],
    },
  });
  await writeFile(path.join(dir, 'ca.pem'), sim.caPem);
  await writeFile(path.join(dir, 'secret.txt'), `${sim.app.clientSecret}\n`);
  env = { MARIADB_URL: database.url, CORRESPONDENT_SECRET_KEY: randomBytes(32).toString('hex'), CORRESPONDENT_LOG_LEVEL: 'silent' };
});
afterAll(async () => {
  await sim?.stop();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('correspondent crm', () => {
  it('connects Salesforce, refreshes, and reports source, lastRefreshAt, counts and error', async () => {
    const before = await cli('crm', 'status', '--json');
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ source: 'csv', lastRefreshAt: null, counts: { accounts: 0, contacts: 0, leads: 0, opportunities: 0, users: 0 }, error: null });

    const ca = path.join(dir, 'ca.pem');
    const connected = await cli('crm', 'connect', '--source', 'salesforce', '--login-url', sim.loginUrl, '--client-id', sim.app.clientId, '--secret-file', path.join(dir, 'secret.txt'), '--ca-file', ca, '--json');
    expect(connected.stderr).toBe('');
    expect(connected.code).toBe(0);
    expect(JSON.parse(connected.stdout)).toMatchObject({ source: 'salesforce', hasSecret: true, settings: { loginUrl: sim.loginUrl, clientId: sim.app.clientId } });
    // The vault holds the secret encrypted; nothing printed or stored in the clear carries it.
    expect(connected.stdout).not.toContain(sim.app.clientSecret);
    expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).not.toContain(sim.app.clientSecret);

    const refreshed = await cli('crm', 'refresh', '--ca-file', ca, '--json');
    expect(refreshed.code).toBe(0);
    expect(JSON.parse(refreshed.stdout)).toMatchObject({ outcome: 'refreshed', kind: 'full', changes: { upserted: 3, deleted: 0 } });

    const after = JSON.parse((await cli('crm', 'status', '--json')).stdout) as Record<string, unknown>;
    expect(after).toMatchObject({ source: 'salesforce', counts: { accounts: 1, contacts: 1, leads: 0, opportunities: 0, users: 1 }, error: null });
    expect(Date.parse(String(after['lastRefreshAt']))).toBeGreaterThan(Date.now() - 60_000);

    sim.controls.setRemainingApiRequests(0);
    const limited = await cli('crm', 'refresh', '--ca-file', ca, '--json');
    expect(limited.code).toBe(1);
    expect(JSON.parse(limited.stdout)).toMatchObject({ outcome: 'failed', error: { code: 'crm-limit' } });
    const failedStatus = JSON.parse((await cli('crm', 'status', '--json')).stdout) as Record<string, unknown>;
    expect(failedStatus).toMatchObject({ source: 'salesforce', lastRefreshAt: after['lastRefreshAt'], counts: after['counts'], error: { code: 'crm-limit' } });
  });

  it('refuses a credential on the command line and a connection that fails its test, saving nothing', async () => {
    const noSecret = await cli('crm', 'connect', '--source', 'salesforce', '--login-url', sim.loginUrl, '--client-id', sim.app.clientId);
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toMatch(/^correspondent: No credential: pass --secret-file FILE, or set CORRESPONDENT_CRM_SECRET/);
    await writeFile(path.join(dir, 'wrong.txt'), 'wrong');
    const wrong = await cli('crm', 'connect', '--source', 'salesforce', '--login-url', sim.loginUrl, '--client-id', 'not-the-app', '--secret-file', path.join(dir, 'wrong.txt'), '--ca-file', path.join(dir, 'ca.pem'), '--json');
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ error: { code: 'crm-auth' } });
    // Still the connection of the first test.
    expect(JSON.parse((await cli('crm', 'status', '--json')).stdout)).toMatchObject({ source: 'salesforce', settings: { clientId: sim.app.clientId } });
  });
});
