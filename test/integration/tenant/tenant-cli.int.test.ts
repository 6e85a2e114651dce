/**
 * `setup`, `status --json` and `console` as servers run them: the built binary in child
 * processes, against the sandbox tenant served as a custom cloud (its CA trusted through the
 * settings) and a fresh database on the test MariaDB.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src-main/app/paths.js';
import { startSandbox, type SandboxHandle } from '@correspondent/m365-sandbox';
import { EMPTY_STATE, writeState } from '../../../src-main/settings/state-file.js';
import { setupStateSchema } from '../../../src-shared/setup.js';
import { openMailStore } from '../../../src-main/store/open-store.js';
import { createTestDatabase } from '../../support/test-database.js';
import { consoleApi } from './console-api.js';
import { startConnectProxy } from '../../support/connect-proxy.js';

const run = promisify(execFile);
const bin = path.join(PACKAGE_ROOT, 'bin', 'correspondent.js');
let sandbox: SandboxHandle;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dataDir: string;
let secretFile: string;
let env: NodeJS.ProcessEnv;

async function correspondent(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, '--data-dir', dataDir, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Starts `correspondent console` and resolves once it printed its URL. */
async function startConsoleProcess(dir: string) {
  const child = spawn(process.execPath, [bin, '--data-dir', dir, 'console', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Console: (\S+)/.exec(stdout);
      if (match?.[1]) resolve(new URL(match[1]));
    });
    void exited.then((code) => reject(new Error(`console exited (${code}) before printing its URL: ${stderr}`)));
  });
  return {
    api: consoleApi(url.origin, url.searchParams.get('token') ?? ''),
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

beforeAll(async () => {
  if (!existsSync(path.join(PACKAGE_ROOT, 'dist', 'src-main', 'cli', 'bin.js'))) throw new Error('run `npm run build` first');
  sandbox = await startSandbox({ seed: 17 });
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tenant-cli-'));
  const caFile = path.join(dataDir, 'sandbox-ca.pem');
  await writeFile(caFile, sandbox.caPem);
  secretFile = path.join(dataDir, 'client-secret');
  await writeFile(secretFile, `${sandbox.clientSecret}\n`, { mode: 0o600 });
  // The admin's settings file: trust the sandbox's CA for Microsoft calls.
  await writeState(dataDir, { ...EMPTY_STATE, settings: { ...EMPTY_STATE.settings, orgDomains: sandbox.orgDomains, network: { proxyUrl: null, noProxy: null, extraCaFile: caFile } } });
  env = {
    ...process.env,
    MARIADB_URL: database.url,
    CORRESPONDENT_LOG_LEVEL: 'info',
    CORRESPONDENT_SECRET_KEY: randomBytes(32).toString('hex'),
    CORRESPONDENT_AUTHORITY_HOST: sandbox.authorityHost,
    CORRESPONDENT_GRAPH_BASE_URL: sandbox.graphBaseUrl,
  };
});

afterAll(async () => {
  await sandbox?.stop();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('correspondent setup, status, console (child processes)', () => {
  it('console on an unconfigured data directory says not-configured, and its setup Api says what is missing', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'tenant-cli-empty-'));
    const consoleProcess = await startConsoleProcess(empty);
    try {
      expect(consoleProcess.stderr()).toMatch(/not-configured: no Microsoft 365 tenant is set up/);
      const state = setupStateSchema.parse(await consoleProcess.api.call('setup.state'));
      expect(state.missing.map((m) => m.step)).toContain('tenant');
      expect(await consoleProcess.api.result('consent.link')).toMatchObject({ ok: false, error: { code: 'not-configured' } });
    } finally {
      expect(await consoleProcess.stop()).toBe(0);
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('setup stores the tenant and prints the consent link, never the secret', async () => {
    const result = await correspondent('setup', '--tenant', sandbox.tenantId, '--client-id', sandbox.clientId, '--client-secret-file', secretFile, '--json');
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as { tenant: { tenantId: string; cloud: string }; consentLink: string };
    expect(document.tenant).toMatchObject({ tenantId: sandbox.tenantId, cloud: 'custom' });
    expect(new URL(document.consentLink).pathname).toBe(`/${sandbox.tenantId}/v2.0/adminconsent`);
    expect(result.stdout + result.stderr).not.toContain(sandbox.clientSecret);
  });

  it('status --json reports consent (found by probing), connections and mailboxes as one JSON document', async () => {
    const result = await correspondent('status', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const status = JSON.parse(result.stdout) as Record<string, Record<string, unknown>>;
    expect(status['consent']).toMatchObject({ state: 'healthy', consent: { via: 'link' } });
    expect(status['app']).toMatchObject({ tenant: { configured: true, sandbox: false, tenantId: sandbox.tenantId }, database: { connected: true } });
    expect(status['setup']).toMatchObject({ complete: true, vault: { available: true } });
    expect(Array.isArray(status['mailboxes'])).toBe(true);
    expect(result.stdout + result.stderr).not.toContain(sandbox.clientSecret);
  });

  it('preview --mailbox --since decides a live mailbox through the connected tenant, as JSON lines, and stores nothing', async () => {
    const mailbox = sandbox.users.find((u) => u.hasMailbox)?.address as string;
    const since = new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 10);
    // The CRM the rules match against (as `crm import` would fill it).
    const opened = await openMailStore({ mariadbUrl: database.url, mariadbCaFile: null, dataDir: null, searchOutbox: false });
    await opened.store.replaceCrm(sandbox.crm);
    await opened.close();
    const before = await correspondent('emails', 'list', '--json');
    const result = await correspondent('preview', '--mailbox', mailbox, '--since', since, '--json');
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; internetMessageId: string | null; verdict: string; reasons: { code: string }[]; stage: string });
    expect(lines.length).toBeGreaterThan(5);
    // cli.md's keys, then the stage each message was decided at (header-first, docs/cli.md).
    for (const line of lines) expect(Object.keys(line)).toEqual(['id', 'internetMessageId', 'verdict', 'reasons', 'stage']);
    expect(lines.filter((l) => l.stage === 'envelope').length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.verdict === 'import').every((l) => l.stage === 'content')).toBe(true);
    // The envelope-decided messages' content never left the sandbox.
    const sent = new Set(sandbox.requestLog().flatMap((e) => [...e.contentOf, ...(e.members ?? []).flatMap((m) => m.contentOf)]));
    expect(lines.filter((l) => l.stage === 'envelope' && sent.has(l.id))).toEqual([]);
    const truth = new Map(sandbox.groundTruth.filter((g) => g.mailbox === mailbox.toLowerCase()).map((g) => [g.internetMessageId.toLowerCase(), g]));
    const imported = lines.filter((l) => l.verdict === 'import');
    expect(imported.length).toBeGreaterThan(0);
    for (const line of imported) expect(truth.get((line.internetMessageId ?? '').toLowerCase())?.verdict).toBe('import');
    const after = await correspondent('emails', 'list', '--json');
    expect(after.stdout).toBe(before.stdout);
  });

  it('sync --once goes through the proxy the environment names, like every other shell (one composition root)', async () => {
    const proxy = await startConnectProxy();
    try {
      // One opted-in mailbox whose customer mail the sync must import.
      const mailbox = sandbox.users.find((u) => u.hasMailbox && sandbox.groundTruthFor(u.address).some((g) => g.verdict === 'import'));
      if (!mailbox) throw new Error('no mailbox with customer mail');
      const opened = await openMailStore({ mariadbUrl: database.url, mariadbCaFile: null, dataDir: null, searchOutbox: false });
      await opened.store.replaceCrm(sandbox.crm);
      await opened.store.upsertMailboxes([{ address: mailbox.address.toLowerCase(), displayName: mailbox.displayName, graphUserId: mailbox.graphId, optedIn: true }]);
      await opened.close();
      const result = await correspondent('sync', '--once', '--json', '--mailbox', mailbox.address);
      const withProxy = await run(process.execPath, [bin, '--data-dir', dataDir, 'sync', '--once', '--json', '--mailbox', mailbox.address], {
        env: { ...env, HTTPS_PROXY: proxy.url, NO_PROXY: '' },
        timeout: 120_000,
      });
      expect(result.code, result.stderr).toBe(0);
      const first = JSON.parse(result.stdout) as { read: number; imported: number };
      expect(first.read).toBeGreaterThan(0);
      expect(first.imported).toBeGreaterThan(0);
      // The second run found nothing new, but every Microsoft call went through the proxy's tunnels.
      expect(JSON.parse(withProxy.stdout)).toMatchObject({ mailboxes: 1, imported: 0 });
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(new Set(proxy.tunnels)).toEqual(new Set([sandbox.authorityHost]));
    } finally {
      await proxy.close();
    }
  });

  it('console serves the configured tenant: the Api over HTTP with the session token, then a clean stop', async () => {
    const consoleProcess = await startConsoleProcess(dataDir);
    try {
      expect(await consoleProcess.api.call('app.status')).toMatchObject({ shell: 'headless', tenant: { configured: true, tenantId: sandbox.tenantId } });
      expect(await consoleProcess.api.call('consent.health')).toMatchObject({ state: 'healthy' });
      const cycle = await consoleProcess.api.call('sync.runNow');
      expect(cycle.mailboxes).toBeGreaterThanOrEqual(0);
      expect(consoleProcess.api.bodies().join('\n')).not.toContain(sandbox.clientSecret);
    } finally {
      expect(await consoleProcess.stop()).toBe(0);
    }
    expect(consoleProcess.stderr()).not.toContain(sandbox.clientSecret);
  });
});
