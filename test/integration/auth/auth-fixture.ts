/** A sandbox tenant plus the app's auth wired against it: vault, dispatcher, config store, browser stand-in. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { createLogger, type Logger } from '../../../src-main/logging/logger.js';
import { prepareTenant, type TenantSetup } from '../../../src-main/auth/tenant-setup.js';
import { createTenantAuth, type TenantAuth } from '../../../src-main/auth/tenant-auth.js';
import { createHttpDispatcher } from '../../../src-main/net/http-dispatcher.js';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '@correspondent/m365-sandbox';
import { createAesGcmCipher } from '../../../src-main/settings/aes-gcm-cipher.js';
import { createFileSecretStore, secretsFilePath, type SecretStore } from '../../../src-main/settings/secret-store.js';
import { createMemoryTenantStore, type TenantConfigStore } from '../../../src-main/settings/tenant-config.js';

export type CapturedLog = { logger: Logger; text(): string };

export function captureLogger(): CapturedLog {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), text: () => lines.join('') };
}

export type AuthFixture = {
  sandbox: SandboxHandle;
  dir: string;
  vault: SecretStore;
  dispatcher: Dispatcher;
  store: TenantConfigStore;
  auth: TenantAuth;
  log: CapturedLog;
  /** Builds auth for another setup against the same sandbox (fresh vault entries and store). */
  connect(setup: Partial<TenantSetup>, options?: { browserTimeoutMs?: number; now?: () => Date }): Promise<{ auth: TenantAuth; store: TenantConfigStore }>;
  close(): Promise<void>;
};

export async function startAuthFixture(options: SandboxOptions = {}, setup: Partial<TenantSetup> = {}): Promise<AuthFixture> {
  const sandbox = await startSandbox({ seed: 21, consent: 'missing', ...options });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'auth-'));
  const vault = createFileSecretStore(secretsFilePath(dir), createAesGcmCipher({ current: randomBytes(32), previous: [] }));
  const dispatcher = createHttpDispatcher({ extraCaPem: [sandbox.caPem] });
  const log = captureLogger();
  const connect: AuthFixture['connect'] = async (overrides, connectOptions = {}) => {
    const prepared = prepareTenant(
      { tenant: sandbox.orgDomains[0], clientId: sandbox.clientId, credential: { kind: 'secret', secret: sandbox.clientSecret }, ...overrides },
      { authorityHost: sandbox.authorityHost, graphBaseUrl: sandbox.graphBaseUrl },
    );
    for (const secret of prepared.secrets) await vault.set(secret.name, secret.value);
    const store = createMemoryTenantStore(prepared.config);
    const auth = await createTenantAuth(prepared.config, vault, dispatcher, log.logger, {
      store,
      browserTimeoutMs: connectOptions.browserTimeoutMs ?? 30_000,
      ...(connectOptions.now ? { clock: connectOptions.now } : {}),
    });
    return { auth, store };
  };
  const { auth, store } = await connect(setup);
  return {
    sandbox,
    dir,
    vault,
    dispatcher,
    store,
    auth,
    log,
    connect,
    async close() {
      await dispatcher.close();
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type BrowserVisit = { landedOn: string | null; status: number; page: string };

/**
 * The system browser as the tests play it: opens the URL (trusting the sandbox CA), follows the
 * sandbox's 302 itself to wherever it points - the app's loopback listener - and reads the page.
 */
export function browserFor(sandbox: SandboxHandle, dispatcher: Dispatcher, visits: BrowserVisit[] = []): (url: string) => Promise<void> {
  return async (url) => {
    const first = await request(url, { dispatcher });
    const firstText = await first.body.text();
    const location = typeof first.headers.location === 'string' ? first.headers.location : null;
    if (first.statusCode !== 302 || !location) {
      visits.push({ landedOn: null, status: first.statusCode, page: firstText });
      return;
    }
    const target = new URL(location);
    const landing = await request(target, target.protocol === 'https:' ? { dispatcher } : {});
    visits.push({ landedOn: location, status: landing.statusCode, page: await landing.body.text() });
    void sandbox;
  };
}
