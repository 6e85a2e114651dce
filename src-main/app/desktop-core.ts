/**
 * The core behind the desktop window: the configured tenant when there is one (vault encrypted
 * with safeStorage, consent through the system browser, the system proxy), otherwise the sandbox
 * tenant where it is installed (a development or demo install; the desktop package has none) -
 * with the guided setup available in the console to connect a real tenant.
 * Syncs on the schedule in the background while the window is closed to the tray.
 */
import type { ApiHandlers } from '../../src-shared/api.js';
import { isAppError } from '../../src-shared/errors.js';
import type { OpenBrowser } from '../auth/consent-service.js';
import type { SecretCipher } from '../settings/secret-store.js';
import { sandboxAvailable } from '../sandbox-seam/sandbox-seam.js';
import { readState } from '../settings/state-file.js';
import { startDemo } from './demo-runtime.js';
import type { EventHub } from './event-hub.js';
import type { Logger } from '../logging/logger.js';
import { scheduleWhileConnected, startTenantApp } from './tenant-app.js';
import { openVault } from './tenant-runtime.js';
import type { AuditExportSink } from './handlers/audit-handlers.js';

export type DesktopCoreConfig = {
  dataDir: string;
  mariadbUrl: string | null;
  mariadbCaFile: string | null;
  logger: Logger;
  /** The environment as the shell read it (a vault key when safeStorage cannot encrypt; proxy). */
  env?: Record<string, string | undefined>;
  /** safeStorage as a cipher; throws (fail closed) when the OS cannot encrypt. */
  cipher?: () => SecretCipher;
  openBrowser?: OpenBrowser;
  systemProxy?: () => Promise<string | null>;
  /** The console's audit export destination (the save dialog). */
  auditExportSink?: AuditExportSink;
};

export type DesktopCore = { handlers: ApiHandlers; events: EventHub; close(): Promise<void> };

/** The cipher, or undefined (then the vault falls back to the environment key, or reports why there is none). */
function desktopCipher(config: DesktopCoreConfig): SecretCipher | undefined {
  try {
    return config.cipher?.();
  } catch (error) {
    if (!isAppError(error)) throw error;
    config.logger.warn({ reason: error.message }, 'safeStorage cannot encrypt');
    return undefined;
  }
}

export async function startDesktopCore(config: DesktopCoreConfig): Promise<DesktopCore> {
  const env = config.env ?? {};
  const cipher = desktopCipher(config);
  const openBrowser: OpenBrowser = config.openBrowser ?? (async () => Promise.reject(new Error('no system browser')));
  const state = await readState(config.dataDir);
  // What both starts share: the database, the environment, the OS proxy, the export destination.
  const shared = {
    dataDir: config.dataDir,
    mariadbUrl: config.mariadbUrl,
    mariadbCaFile: config.mariadbCaFile,
    logger: config.logger,
    shell: 'electron' as const,
    env,
    ...(config.systemProxy ? { systemProxy: config.systemProxy } : {}),
    ...(config.auditExportSink ? { auditExportSink: config.auditExportSink } : {}),
  };
  // The desktop package ships without the simulator: there a fresh installation opens the guided setup.
  if (state.tenant || !(await sandboxAvailable())) {
    const running = await startTenantApp({ ...shared, openBrowser, ...(cipher ? { cipher } : {}) });
    const schedule = scheduleWhileConnected(running.app, config.logger);
    if (running.loaded.tenant?.config.consent) {
      void running.app.discoverMailboxesFromCrm().then(() => running.app.syncNow()).catch((error: unknown) => config.logger.error({ err: error }, 'first sync cycle failed'));
    }
    return {
      handlers: running.app.handlers,
      events: running.app.events,
      async close() {
        schedule.stop();
        await running.close();
      },
    };
  }
  const vault = await openVault(config.dataDir, env, cipher ? { cipher } : {});
  const demo = await startDemo({ ...shared, setup: { vault, openBrowser } });
  const schedule = scheduleWhileConnected(demo.app, config.logger);
  // The first cycle runs at once; its failure is shown in the console, not fatal to the window.
  void demo.app.syncNow().catch((error: unknown) => config.logger.error({ err: error }, 'first sync cycle failed'));
  return {
    handlers: demo.app.handlers,
    events: demo.app.events,
    async close() {
      schedule.stop();
      await demo.close();
    },
  };
}
