/**
 * Issue 20, points 2-4, as a server is set up and run without a browser - the built binary in
 * child processes against the sandbox tenant (as a custom cloud) and a fresh database:
 * setup -> the consent link (the admin grants it) -> `mailboxes opt-in --group` (audited) ->
 * `sync --once`. Then the exit codes and summaries tell the truth: nothing opted in is exit 4,
 * a failed mailbox is listed (never counted as synced) and exit 3, a mailbox a live worker holds
 * is named per mailbox, a lease whose process is gone is taken over at once instead of after
 * 5 minutes, and `status` never says "syncing" for a process that no longer exists.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxGroup, type SandboxHandle } from '@correspondent/m365-sandbox';
import { EMPTY_STATE, writeState } from '../../../src-main/settings/state-file.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { processScope } from '../../../src-main/store/lease-holder.js';
import { openMailStore } from '../../../src-main/store/open-store.js';
import { assertBuilt, correspondent } from '../../support/cli-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let sandbox: SandboxHandle;
let database: TestDatabase;
let pool: Pool;
let dir: string;
let env: NodeJS.ProcessEnv;
let mailboxUsers: string[];

const cli = (...args: string[]) => correspondent(env, ['--data-dir', dir, ...args]);
type Summary = { mailboxes: number; failed: { mailbox: string; state: string; code: string }[]; held: { mailbox: string; holder: string | null }[]; outcome: string };
const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Summary;

/** A group's user members with nested groups expanded, computed here from the sandbox's seed. */
function expandGroup(groups: readonly SandboxGroup[], name: string): Set<string> {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const start = groups.filter((g) => g.displayName === name);
  expect(start).toHaveLength(1);
  const users = new Set<string>();
  const seen = new Set<string>();
  const walk = (group: SandboxGroup) => {
    if (seen.has(group.id)) return;
    seen.add(group.id);
    for (const member of group.members) {
      if (member.kind === 'group') walk(byId.get(member.id) as SandboxGroup);
      else users.add(sandbox.users.find((u) => u.graphId === member.id)?.address.toLowerCase() as string);
    }
  };
  walk(start[0] as SandboxGroup);
  return users;
}

/** Sets a mailbox's lease as another process holds it. */
async function holdLease(mailbox: string, holder: { id: string; host: string; pid: number; scope: string }) {
  await pool.query(
    `UPDATE mailbox_leases SET holder = ?, acquired_at = NOW(3), expires_at = NOW(3) + INTERVAL 5 MINUTE, heartbeat_at = NOW(3),
       stale_at = NOW(3) + INTERVAL 1 MINUTE, holder_host = ?, holder_pid = ?, holder_scope = ? WHERE mailbox = ?`,
    [holder.id, holder.host, holder.pid, holder.scope, mailbox],
  );
}

/** The pid of a process of this host that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

beforeAll(async () => {
  assertBuilt();
  sandbox = await startSandbox({ seed: 29, consent: 'missing' });
  mailboxUsers = sandbox.users.filter((u) => u.hasMailbox).map((u) => u.address.toLowerCase());
  database = await createTestDatabase();
  pool = await connectMariaDb(database.url, { connectionLimit: 2 });
  dir = await mkdtemp(path.join(os.tmpdir(), 'headless-setup-'));
  const caFile = path.join(dir, 'sandbox-ca.pem');
  await writeFile(caFile, sandbox.caPem);
  await writeFile(path.join(dir, 'client-secret'), `${sandbox.clientSecret}\n`, { mode: 0o600 });
  await writeState(dir, { ...EMPTY_STATE, settings: { ...EMPTY_STATE.settings, orgDomains: sandbox.orgDomains, network: { proxyUrl: null, noProxy: null, extraCaFile: caFile } } });
  const { ELASTICSEARCH_URL: _unused, ...inherited } = process.env;
  env = {
    ...inherited,
    MARIADB_URL: database.url,
    CORRESPONDENT_LOG_LEVEL: 'warn',
    CORRESPONDENT_SECRET_KEY: randomBytes(32).toString('hex'),
    CORRESPONDENT_AUTHORITY_HOST: sandbox.authorityHost,
    CORRESPONDENT_GRAPH_BASE_URL: sandbox.graphBaseUrl,
  };
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await sandbox?.stop();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('a server set up and synced from the command line alone', () => {
  it('setup prints the consent link; once the admin granted it, status says so', async () => {
    const setup = await cli('setup', '--tenant', sandbox.tenantId, '--client-id', sandbox.clientId, '--client-secret-file', path.join(dir, 'client-secret'), '--json');
    expect(setup.code, setup.stderr).toBe(0);
    expect(new URL((JSON.parse(setup.stdout) as { consentLink: string }).consentLink).pathname).toBe(`/${sandbox.tenantId}/v2.0/adminconsent`);
    sandbox.grantConsent('admin@contoso (followed the link)');
    const status = await cli('status', '--json');
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ consent: { state: 'healthy' }, app: { tenant: { configured: true } } });
    const opened = await openMailStore({ mariadbUrl: database.url, mariadbCaFile: null, dataDir: null, searchOutbox: false });
    await opened.store.replaceCrm(sandbox.crm); // what `crm import` does (tested on its own)
    await opened.close();
  });

  it('sync --once with nothing opted in exits 4 and says how to opt mailboxes in (it used to exit 0)', async () => {
    const sync = await cli('sync', '--once', '--json');
    expect(sync.code).toBe(4);
    expect(summaryOf(sync.stdout)).toMatchObject({ mailboxes: 0, failed: [], held: [], outcome: 'none-synced' });
    expect(sync.stderr).toMatch(/^correspondent: no mailbox is opted in, so nothing was synced: choose them with `correspondent mailboxes opt-in/m);
  });

  it('mailboxes list shows the tenant; opt-in --group opts in its members, nested groups included, audited like the console', async () => {
    const list = await cli('mailboxes', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    const items = (JSON.parse(list.stdout) as { items: { address: string; optedIn: boolean }[] }).items;
    expect(items.map((m) => m.address).sort()).toEqual(sandbox.users.map((u) => u.address.toLowerCase()).sort());
    expect(items.filter((m) => m.optedIn)).toEqual([]);

    // Groups need GroupMember.Read.All, which the sync itself does not: refused with what to grant.
    const denied = await cli('mailboxes', 'opt-in', '--group', 'Sales');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^correspondent: Graph denied reading groups: grant the app the GroupMember\.Read\.All application permission/);
    sandbox.setRequiredPermissions([...sandbox.consentState().roles, 'GroupMember.Read.All']);
    sandbox.grantConsent('admin@contoso (added GroupMember.Read.All)');

    const members = expandGroup(sandbox.groups, 'Sales');
    const withMailbox = [...members].filter((a) => mailboxUsers.includes(a)).sort();
    const direct = sandbox.groups.find((g) => g.displayName === 'Sales')?.members.filter((m) => m.kind === 'user').length ?? 0;
    expect(withMailbox.length).toBeGreaterThan(direct); // the nested group added members
    const optIn = await cli('mailboxes', 'opt-in', '--group', 'Sales', '--json');
    expect(optIn.code, optIn.stderr).toBe(0);
    const plan = JSON.parse(optIn.stdout) as { group: { displayName: string }; changed: string[]; skipped: { address: string; reason: string }[] };
    expect(plan.group.displayName).toBe('Sales');
    expect(plan.changed).toEqual(withMailbox);
    expect(plan.skipped).toEqual([...members].filter((a) => !mailboxUsers.includes(a)).map((address) => ({ address, reason: 'no Exchange Online mailbox' })));
    const [audited] = await pool.query<RowDataPacket[]>("SELECT payload_json, source FROM audit_log WHERE action = 'mailbox.optedIn' ORDER BY seq");
    expect(audited.map((r) => (typeof r['payload_json'] === 'string' ? JSON.parse(r['payload_json']) : r['payload_json']).mailbox).sort()).toEqual(withMailbox);
    expect(new Set(audited.map((r) => r['source']))).toEqual(new Set(['cli']));

    // Again: nothing changes, nothing more is audited.
    const again = await cli('mailboxes', 'opt-in', '--group', 'sales@' + sandbox.orgDomains[0], '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ changed: [], unchanged: withMailbox });
    const [after] = await pool.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'mailbox.optedIn'");
    expect(Number(after[0]?.['n'])).toBe(withMailbox.length);
  });

  it('refuses what it cannot do in one line and changes nothing: an ambiguous group, an unknown address, no target', async () => {
    const before = await pool.query<RowDataPacket[]>('SELECT address, opted_in FROM mailboxes ORDER BY address');
    const ambiguous = await cli('mailboxes', 'opt-in', '--group', 'Support');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/^correspondent: 2 groups are named "Support" \(support@[^,]+, support-desk@[^)]+\): name the one you mean by its mail address\.\n$/);
    const unknown = await cli('mailboxes', 'opt-in', mailboxUsers[0] as string, 'nobody@nowhere.example');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^correspondent: The tenant has no mailbox nobody@nowhere\.example .*nothing was changed\.\n$/);
    const none = await cli('mailboxes', 'opt-out', '--json');
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout)).toMatchObject({ error: { code: 'invalid-input' } });
    expect((await pool.query<RowDataPacket[]>('SELECT address, opted_in FROM mailboxes ORDER BY address'))[0]).toEqual(before[0]);
  });

  it('sync --once syncs the opted-in mailboxes and exits 0; a failed one is listed and not counted, exit 3', async () => {
    const optedIn = (await pool.query<RowDataPacket[]>('SELECT address FROM mailboxes WHERE opted_in ORDER BY address'))[0].map((r) => String(r['address']));
    const ok = await cli('sync', '--once', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(summaryOf(ok.stdout)).toMatchObject({ mailboxes: optedIn.length, failed: [], held: [], outcome: 'all-synced' });

    const gone = optedIn[0] as string;
    sandbox.disableMailbox(gone); // the licence removed: Graph answers 404 MailboxNotEnabledForRESTAPI
    try {
      const partial = await cli('sync', '--once', '--json');
      expect(partial.code).toBe(3);
      const summary = summaryOf(partial.stdout);
      expect(summary).toMatchObject({ mailboxes: optedIn.length - 1, outcome: 'some-failed' });
      expect(summary.failed).toEqual([expect.objectContaining({ mailbox: gone, state: 'no-mailbox', code: 'mailbox-unavailable' })]);
      expect(partial.stderr).toMatch(new RegExp(`^correspondent: 1 mailbox failed \\(${gone.replace(/\./g, '\\.')}: mailbox-unavailable\\); ${optedIn.length - 1} synced\\.$`, 'm'));
      const text = await cli('sync', '--once', '--mailbox', gone);
      expect(text.code).toBe(4);
      expect(text.stdout).toMatch(/^Synced 0 mailboxes .*\n {2}failed: .* \(no-mailbox, mailbox-unavailable\): /);
    } finally {
      sandbox.enableMailbox(gone);
    }
  });

  it('names each mailbox a live worker holds (exit 4 when that is all there is), and takes over at once a lease whose process is gone', async () => {
    const [mailbox] = (await pool.query<RowDataPacket[]>('SELECT address FROM mailboxes WHERE opted_in ORDER BY address LIMIT 1'))[0].map((r) => String(r['address']));
    const live = { id: 'other-host:4242:cafe0001', host: 'other-host', pid: 4242, scope: 'other-host|boot|pid:[1]' };
    await holdLease(mailbox as string, live);
    const held = await cli('sync', '--once', '--mailbox', mailbox as string, '--json');
    expect(held.code).toBe(4);
    expect(summaryOf(held.stdout)).toMatchObject({ mailboxes: 0, failed: [], held: [{ mailbox, holder: live.id }] });
    expect(held.stderr).toMatch(/^correspondent: no mailbox was synced here: .* is held by another live worker, which syncs it\.$/m);
    const status = JSON.parse((await cli('status', '--json')).stdout) as { mailboxes: { address: string; state: string }[] };
    expect(status.mailboxes.find((m) => m.address === mailbox)?.state).not.toBe('interrupted');

    // The same lease, but its holder was a process of this host that has ended: 5 minutes left on
    // the lease and a fresh heartbeat, yet it is taken over at once.
    const pid = await deadPid();
    await holdLease(mailbox as string, { id: `${os.hostname()}:${pid}:dead0001`, host: os.hostname(), pid, scope: processScope() });
    await pool.query("UPDATE mailboxes SET state = 'syncing', last_error = NULL WHERE address = ?", [mailbox]); // as a sync leaves it while it runs
    const interrupted = JSON.parse((await cli('status', '--json')).stdout) as { mailboxes: { address: string; state: string; lastError: string | null }[] };
    expect(interrupted.mailboxes.find((m) => m.address === mailbox)).toMatchObject({ state: 'interrupted', lastError: expect.stringMatching(/ended; the next cycle resumes it/) });
    const takeover = await cli('sync', '--once', '--mailbox', mailbox as string, '--json');
    expect(takeover.code, takeover.stderr).toBe(0);
    expect(summaryOf(takeover.stdout)).toMatchObject({ mailboxes: 1, held: [] });

    // A holder on another host whose heartbeat went stale is gone too.
    await holdLease(mailbox as string, live);
    await pool.query('UPDATE mailbox_leases SET stale_at = NOW(3) - INTERVAL 1 SECOND WHERE mailbox = ?', [mailbox]);
    const stale = await cli('sync', '--once', '--mailbox', mailbox as string, '--json');
    expect(stale.code, stale.stderr).toBe(0);
    expect(summaryOf(stale.stdout)).toMatchObject({ mailboxes: 1, held: [] });
  });
});
