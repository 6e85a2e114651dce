/**
 * A sync process for the multi-process tests (run with `node --import tsx`): the app wired against
 * a sandbox the parent started and a database the parent prepared, configured by the
 * SYNC_CHILD_CONFIG environment variable. It prints one JSON line per committed page
 * ({"page": mailbox}) and per finished cycle ({"cycle": summary}) so the parent can kill it at a
 * chosen point or wait for it, never by time. With `holdAtContentFetch: n` it also prints
 * {"contentFetch": mailbox} when the n-th page with candidates has its envelope decisions and
 * its content not yet fetched, and holds there: the parent's SIGKILL lands exactly between the
 * delta page and the content fetch.
 *   mode "once":   one "sync now" cycle, then {"done": true} and exit 0
 *   mode "worker": the worker loop (scheduled cycles of due mailboxes) until SIGTERM
 */
import { createApp } from '../../../src-main/app/create-app.js';
import { sandboxRuntimeFromCredentials, type SandboxCredentials } from '../../../src-main/app/tenant-runtime.js';
import { createLogger } from '../../../src-main/logging/logger.js';
import { openMailStore } from '../../../src-main/store/open-store.js';
import { startWorkerLoop } from '../../../src-main/sync/worker-loop.js';
import { settingsSchema } from '../../../src-shared/settings.js';

type ChildConfig = {
  mode: 'once' | 'worker';
  mariadbUrl: string;
  tenant: SandboxCredentials;
  settings: unknown;
  instanceId: string;
  leaseTtlMs: number;
  pollMs?: number;
  /** Mailboxes synced at once (default 2). */
  concurrency?: number;
  /** Hold (forever) at the n-th content fetch, after saying so. */
  holdAtContentFetch?: number;
};

const config = JSON.parse(process.env['SYNC_CHILD_CONFIG'] ?? '{}') as ChildConfig;
const logger = createLogger({ level: 'warn' });
const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
let contentFetches = 0;
const beforeContentFetch = async (info: { mailbox: string; candidates: number }) => {
  if (config.holdAtContentFetch === undefined || info.candidates === 0) return;
  contentFetches += 1;
  if (contentFetches !== config.holdAtContentFetch) return;
  say({ contentFetch: info.mailbox });
  await new Promise(() => undefined); // held until the parent kills this process
};
const opened = await openMailStore({ mariadbUrl: config.mariadbUrl, mariadbCaFile: null, dataDir: null, searchOutbox: false });
const app = await createApp({
  shell: 'cli',
  version: 'test',
  store: opened.store,
  databaseServerVersion: opened.serverVersion,
  tenant: await sandboxRuntimeFromCredentials(config.tenant),
  settings: settingsSchema.parse(config.settings),
  logger,
  auditStore: opened.audit,
  sync: { instanceId: config.instanceId, leaseTtlMs: config.leaseTtlMs, concurrency: config.concurrency ?? 2, beforeContentFetch },
});
app.events.subscribe((event) => {
  if (event.type === 'sync.progress') say({ page: event.mailbox });
});

if (config.mode === 'once') {
  say({ cycle: await app.syncNow() });
  say({ done: true });
} else {
  const loop = startWorkerLoop({ runCycle: () => app.runScheduledCycle(), pollMs: config.pollMs ?? 500, logger, onCycle: (cycle) => say({ cycle }) });
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await loop.stop();
}
await app.close();
await opened.close();
