/**
 * The sync engine against the sandbox tenant over HTTPS and a fresh MariaDB, wired like the app
 * (CRM directory, sync service, events) but with the Graph reader built here, so a test can set
 * the request time-out and inject the reader's wait: waits are recorded and advance a virtual
 * clock instead of passing real time (Retry-After is asserted, never slept).
 */
import { silentLogger, type Logger } from '../../../src-main/logging/logger.js';
import { loadCrmDirectory, type CrmDirectory } from '../../../src-main/app/crm-directory.js';
import { NO_EXCLUSIONS, type ExclusionDirectory } from '../../../src-main/app/exclusion-directory.js';
import { createEventHub, type EventHub } from '../../../src-main/app/event-hub.js';
import { createSyncService, type SyncService } from '../../../src-main/app/sync-service.js';
import { createAppTokenProvider } from '../../../src-main/auth/app-token-provider.js';
import { createByteMeter, createGraphClient } from '../../../src-main/graph/graph-client.js';
import type { FetchMode } from '../../../src-main/graph/graph-message.js';
import { createGraphMailReader, type GraphMailReader } from '../../../src-main/graph/graph-mail-reader.js';
import { MailboxGate } from '../../../src-main/graph/mailbox-gate.js';
import { createHttpDispatcher } from '../../../src-main/net/http-dispatcher.js';
import { normaliseMessageId } from '../../../src-main/rules/pipeline.js';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '@correspondent/m365-sandbox';
import { openMailStore, type OpenedStore } from '../../../src-main/store/open-store.js';
import { settingsSchema, type Settings, type SettingsInput } from '../../../src-shared/settings.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { expectedSightings } from './ground-truth.js';

export type SyncHarness = {
  sandbox: SandboxHandle;
  database: TestDatabase;
  opened: OpenedStore;
  reader: GraphMailReader;
  crm: CrmDirectory;
  sync: SyncService;
  events: EventHub;
  settings: Settings;
  /** Every wait the reader asked for (Retry-After, backoff), in ms. */
  waits: number[];
  /** Message keys the ground truth says must be stored for these mailboxes (default: all opted in). */
  expectedKeys(mailboxes?: string[]): string[];
  storedKeys(): Promise<string[]>;
  optedIn(): string[];
  close(): Promise<void>;
};

export type SyncHarnessOptions = {
  seed?: number;
  sandbox?: SandboxOptions;
  requestTimeoutMs?: number;
  maxAttempts?: number;
  /** Import this CRM instead of the sandbox's. */
  crm?: (sandboxCrm: CrmSnapshot) => CrmSnapshot;
  logger?: Logger;
  /** A database on a server the test controls (default: a fresh one on the shared test server). */
  database?: TestDatabase;
  /** Keep the Elasticsearch outbox (default off). */
  searchOutbox?: boolean;
  /** Settings over the sandbox's suggested ones (e.g. a capture policy); the harness's `settings` object can be changed between cycles too. */
  settings?: SettingsInput;
  /** How pages read messages (default the product's: header-first). */
  fetchMode?: FetchMode;
  /** Runs between a page's envelope decisions and its content download. */
  beforeContentFetch?: (info: { mailbox: string; folder: string; candidates: number }) => Promise<void> | void;
  /** The exclusion lists the sync applies (default: none). */
  exclusions?: (store: OpenedStore['store']) => Promise<Pick<ExclusionDirectory, 'entries' | 'refreshIfChanged'>>;
};

export async function startSyncHarness(options: SyncHarnessOptions = {}): Promise<SyncHarness> {
  const logger = options.logger ?? silentLogger();
  const sandbox = await startSandbox({ includeAutomated: true, seed: options.seed ?? 5, ...options.sandbox });
  const database = options.database ?? (await createTestDatabase());
  const opened = await openMailStore({ mariadbUrl: database.url, mariadbCaFile: null, dataDir: null, searchOutbox: options.searchOutbox ?? false });
  const { store } = opened;
  const dispatcher = createHttpDispatcher({ extraCaPem: [sandbox.caPem] });
  const credentials = { tenantId: sandbox.tenantId, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, authorityHost: sandbox.authorityHost, graphBaseUrl: sandbox.graphBaseUrl };
  const tokens = createAppTokenProvider(credentials, dispatcher, logger);
  const meter = createByteMeter();
  const client = createGraphClient({ graphBaseUrl: sandbox.graphBaseUrl, tokens, dispatcher, meter, ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}) });
  const waits: number[] = [];
  // Waits pass on a virtual clock: the gate's fences run on it, Retry-After dates are read on the real one.
  let slept = 0;
  const gate = new MailboxGate({
    now: () => Date.now() + slept,
    sleep: async (ms) => {
      slept += ms;
    },
  });
  const reader = createGraphMailReader({
    client,
    graphBaseUrl: sandbox.graphBaseUrl,
    tokens,
    logger,
    gate,
    sleep: async (ms) => {
      waits.push(ms);
      slept += ms;
    },
    random: () => 0.5,
    meter,
    ...(options.fetchMode ? { fetchMode: options.fetchMode } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  const settings = settingsSchema.parse({ orgDomains: sandbox.orgDomains, ...sandbox.suggestedSettings, ...options.settings });
  const crm = await loadCrmDirectory(store, logger);
  await crm.replace(options.crm ? options.crm(sandbox.crm) : sandbox.crm);
  const crmOptIn = new Map(sandbox.crm.users.map((u) => [u.email.toLowerCase(), u.optedIn]));
  const users = sandbox.users.filter((u) => u.hasMailbox);
  await store.upsertMailboxes(users.map((u) => ({ address: u.address.toLowerCase(), displayName: u.displayName, graphUserId: u.graphId, optedIn: crmOptIn.get(u.address.toLowerCase()) ?? false })));
  const events = createEventHub();
  const cap = options.sandbox?.fidelity?.filteredRoundCap;
  const sync = await createSyncService({
    store,
    crm,
    exclusions: options.exclusions ? await options.exclusions(store) : NO_EXCLUSIONS,
    reader: () => reader,
    settings: () => settings,
    events,
    logger,
    now: () => new Date(),
    who: () => ({ actor: 'tester', source: 'cli' }),
    instanceId: 'harness',
    ...(cap !== undefined ? { filteredRoundCap: cap } : {}),
    ...(options.beforeContentFetch ? { beforeContentFetch: options.beforeContentFetch } : {}),
  });
  const firstSyncAt = new Date();
  const optedIn = () => users.map((u) => u.address.toLowerCase()).filter((a) => crmOptIn.get(a));
  return {
    sandbox,
    database,
    opened,
    reader,
    crm,
    sync,
    events,
    settings,
    waits,
    optedIn,
    expectedKeys(mailboxes = optedIn()) {
      return [...expectedSightings(sandbox, mailboxes, firstSyncAt).keys()].sort();
    },
    async storedKeys() {
      const keys: string[] = [];
      for (let offset = 0; ; offset += 500) {
        const { items, total } = await store.listEmails({ limit: 500, offset });
        keys.push(...items.map((e) => normaliseMessageId(e.internetMessageId) ?? ''));
        if (offset + 500 >= total) break;
      }
      return keys.sort();
    },
    async close() {
      await sync.idle();
      await dispatcher.close();
      await opened.close();
      await database.drop();
      await sandbox.stop();
    },
  };
}
