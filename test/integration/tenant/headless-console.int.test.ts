/**
 * The headless console's whole setup path against the sandbox tenant served as a custom cloud,
 * through the HTTP Api only: configure the tenant, trust the sandbox CA through the settings
 * (applied without a restart), connect the organisation with the test acting as the system
 * browser (a real redirect to the loopback listener), adopt the proposed domains, sync. Then a
 * restart from the same data directory, and the check that no secret left through the Api or the log.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentHealthSchema, setupStateSchema } from '../../../src-shared/setup.js';
import { RENDERER_DIR } from '../../../src-main/app/paths.js';
import { startTenantApp, type TenantApp } from '../../../src-main/app/tenant-app.js';
import { createHttpDispatcher } from '../../../src-main/net/http-dispatcher.js';
import { startSandbox, type SandboxHandle } from '@correspondent/m365-sandbox';
import { startConsoleServer, type ConsoleServer } from '../../../src-main/server/console-server.js';
import { secretsFilePath } from '../../../src-main/settings/secret-store.js';
import { createTestDatabase } from '../../support/test-database.js';
import { browserFor, captureLogger, type BrowserVisit, type CapturedLog } from '../auth/auth-fixture.js';
import { consoleApi, type ConsoleApi } from './console-api.js';

let sandbox: SandboxHandle;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dataDir: string;
let caFile: string;
let env: Record<string, string>;
let log: CapturedLog;
const browserDispatcher = () => createHttpDispatcher({ extraCaPem: [sandbox.caPem] });
const visits: BrowserVisit[] = [];
const responses: string[] = [];

async function startConsole(): Promise<{ running: TenantApp; server: ConsoleServer; api: ConsoleApi; close(): Promise<void> }> {
  const dispatcher = browserDispatcher();
  const running = await startTenantApp({
    mariadbUrl: database.url,
    mariadbCaFile: null,
    dataDir,
    logger: log.logger,
    shell: 'headless',
    env,
    openBrowser: browserFor(sandbox, dispatcher, visits),
    launchSandbox: () => startSandbox({ seed: 8 }),
  });
  const server = await startConsoleServer({ handlers: running.app.handlers, staticDir: RENDERER_DIR, events: running.app.events });
  const api = consoleApi(server.origin, server.token);
  return {
    running,
    server,
    api,
    async close() {
      responses.push(...api.bodies());
      await server.close();
      await running.close();
      await dispatcher.close();
    },
  };
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 13, consent: 'missing' });
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tenant-console-'));
  caFile = path.join(dataDir, 'sandbox-ca.pem');
  await writeFile(caFile, sandbox.caPem);
  env = { CORRESPONDENT_SECRET_KEY: randomBytes(32).toString('base64'), CORRESPONDENT_AUTHORITY_HOST: sandbox.authorityHost, CORRESPONDENT_GRAPH_BASE_URL: sandbox.graphBaseUrl };
  log = captureLogger();
});

afterAll(async () => {
  await sandbox?.stop();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('headless console: guided setup of a tenant, consent, sync', () => {
  it('goes from nothing configured to synced mail through the Api alone', async () => {
    const consoleApp = await startConsole();
    const { api } = consoleApp;
    try {
      // The CRM arrives by `crm import` in real life.
      await consoleApp.running.app.importCrm(sandbox.crm);
      const before = setupStateSchema.parse(await api.call('setup.state'));
      expect(before.tenant).toBeNull();
      expect(before.missing.map((m) => m.step)).toEqual(['tenant', 'org-domains']);
      expect(await api.result('sync.runNow')).toMatchObject({ ok: false, error: { code: 'not-configured' } });
      expect(await api.call('consent.health')).toMatchObject({ state: 'not-configured' });

      const summary = await api.call('tenant.configure', { tenant: sandbox.orgDomains[0] as string, clientId: sandbox.clientId, credential: { kind: 'secret', secret: sandbox.clientSecret, expiresOn: '2099-01-01' } });
      expect(summary).toMatchObject({ tenant: sandbox.orgDomains[0], cloud: 'custom', credential: { kind: 'secret' }, consent: null });
      expect(await api.call('consent.health')).toMatchObject({ state: 'unreachable' });

      // The sandbox's CA is not trusted yet: consent stops before any browser opens, with a clear message.
      expect(await api.call('consent.start')).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/cannot be reached/) });
      expect(visits).toHaveLength(0);
      // Trusting it is a settings change that applies at once: no restart.
      await api.call('settings.update', { network: { proxyUrl: null, noProxy: null, extraCaFile: caFile } });
      // The optional delegated sign-in first, so the log and health say who connected the tenant.
      const admin = sandbox.users.find((u) => u.hasMailbox);
      expect(await api.call('admin.signIn')).toMatchObject({ outcome: 'signed-in', username: admin?.address, tenantId: sandbox.tenantId });
      expect(visits[0]).toMatchObject({ status: 200, page: expect.stringContaining('Signed in') });
      const consent = await api.call('consent.start');
      expect(consent, JSON.stringify(consent)).toMatchObject({ outcome: 'granted', confirmed: true, tenantId: sandbox.tenantId });
      expect(visits[1]).toMatchObject({ status: 200, page: expect.stringContaining('Organisation connected') });
      expect(consentHealthSchema.parse(await api.call('consent.health'))).toMatchObject({
        state: 'healthy',
        connectedBy: admin?.address,
        consent: { via: 'browser', grantedBy: admin?.address },
        message: expect.stringContaining(`consent granted by ${admin?.address ?? '?'} on `),
      });
      expect(new URL((await api.call('consent.link')).url).searchParams.get('client_id')).toBe(sandbox.clientId);

      const identity = await api.call('organisation.identity');
      expect(identity.proposedOrgDomains).toEqual(expect.arrayContaining(sandbox.orgDomains));
      expect(identity.proposedOrgDomains).toEqual(identity.verifiedDomains);
      expect(identity.aliases.length).toBeGreaterThan(0);
      await api.call('settings.update', { orgDomains: identity.proposedOrgDomains, blockedDomains: sandbox.suggestedSettings.blockedDomains });
      // Both settings changes are in the audit log with their before/after values.
      const changed = (await api.call('audit.list', { actions: ['settings.changed'] })).items;
      const keys = changed.flatMap((entry) => (entry.payload as { changes: { key: string }[] }).changes.map((c) => c.key));
      expect(keys).toEqual(expect.arrayContaining(['network.extraCaFile', 'orgDomains']));
      expect((await api.call('audit.list', { actions: ['admin.signedIn'] })).items.map((e) => e.payload)).toEqual([{ username: admin?.address }]);
      const state = setupStateSchema.parse(await api.call('setup.state'));
      expect(state).toMatchObject({ complete: true, tenant: { tenantId: sandbox.tenantId }, vault: { available: true } });

      // Consent made the mailboxes visible, opted in as the CRM's users list says (users without a
      // mailbox are listed as 'no-mailbox' and never opted in: there is nothing to sync).
      const mailboxes = (await api.call('mailboxes.list')).items;
      const withMailbox = new Set(sandbox.users.filter((u) => u.hasMailbox).map((u) => u.address.toLowerCase()));
      const optedIn = sandbox.crm.users.filter((u) => u.optedIn && withMailbox.has(u.email.toLowerCase())).map((u) => u.email.toLowerCase());
      expect(mailboxes.filter((m) => !withMailbox.has(m.address)).every((m) => m.state === 'no-mailbox' && !m.optedIn)).toBe(true);
      expect(mailboxes.filter((m) => m.optedIn).map((m) => m.address).sort()).toEqual(optedIn.filter((a) => mailboxes.some((m) => m.address === a)).sort());
      expect(mailboxes.some((m) => m.optedIn)).toBe(true);
      const cycle = await api.call('sync.runNow');
      expect(cycle.imported).toBeGreaterThan(0);
      expect((await api.call('emails.list')).total).toBe(cycle.imported);
    } finally {
      await consoleApp.close();
    }
  });

  it('comes back after a restart from the state file and the vault alone', async () => {
    const consoleApp = await startConsole();
    try {
      expect(await consoleApp.api.call('app.status')).toMatchObject({ tenant: { configured: true, sandbox: false, tenantId: sandbox.tenantId } });
      expect(await consoleApp.api.call('consent.health')).toMatchObject({ state: 'healthy' });
      expect(await consoleApp.api.call('settings.get')).toMatchObject({ network: { extraCaFile: caFile } });
      // "Try with the sandbox tenant" is refused on an installation connected to a real tenant.
      expect(await consoleApp.api.result('setup.useSandbox')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    } finally {
      await consoleApp.close();
    }
  });

  it('never lets the client secret or a token out through the Api, the log or the vault file', async () => {
    const everything = responses.join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toContain(sandbox.clientSecret);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
    const logText = log.text();
    expect(logText).toContain('tenant configured');
    expect(logText).not.toContain(sandbox.clientSecret);
    expect(logText).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
    const vault = await readFile(secretsFilePath(dataDir), 'utf8');
    expect(vault).not.toContain(sandbox.clientSecret);
    // Every value in the vault is ciphertext in the versioned format, nothing else (a bare
    // /eyJ/ check would fail by chance on random base64url ciphertext).
    const entries = Object.values((JSON.parse(vault) as { entries: Record<string, string> }).entries);
    expect(entries.length).toBeGreaterThan(0);
    for (const value of entries) expect(value).toMatch(/^v1\.[0-9a-f]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await readFile(path.join(dataDir, 'state.json'), 'utf8')).not.toContain(sandbox.clientSecret);
  });
});

describe('headless console: "Try with the sandbox tenant"', () => {
  it('connects a fresh installation to an in-process sandbox and syncs it, nothing typed', async () => {
    const fresh = await mkdtemp(path.join(os.tmpdir(), 'tenant-try-'));
    const freshDatabase = await createTestDatabase();
    const running = await startTenantApp({
      mariadbUrl: freshDatabase.url,
      mariadbCaFile: null,
      dataDir: fresh,
      logger: log.logger,
      shell: 'headless',
      env: {},
      openBrowser: async () => undefined,
      launchSandbox: () => startSandbox({ seed: 8 }),
    });
    const server = await startConsoleServer({ handlers: running.app.handlers, staticDir: RENDERER_DIR });
    const api = consoleApi(server.origin, server.token);
    try {
      expect(await api.call('setup.state')).toMatchObject({ vault: { available: false, problem: expect.stringMatching(/CORRESPONDENT_SECRET_KEY/) } });
      const tried = await api.call('setup.useSandbox');
      expect(tried.mailboxes).toBeGreaterThan(0);
      expect(await api.call('setup.state')).toMatchObject({ complete: true, tenant: { sandbox: true, consent: { via: 'sandbox' } } });
      expect((await api.call('sync.runNow')).imported).toBeGreaterThan(0);
      expect(await api.call('app.status')).toMatchObject({ tenant: { configured: true, sandbox: true, tenantId: tried.tenantId } });
    } finally {
      await server.close();
      await running.close();
      await freshDatabase.drop();
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
