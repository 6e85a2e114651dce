/**
 * The connection to a tenant: its auth (createTenantAuth: secret or certificate, MSAL's cache in
 * the vault, consent service and health) and the Graph mail reader, both on the shared Microsoft
 * network path. The tenant may change while the app runs (the console's setup, "Try with the
 * sandbox tenant"): `TenantConnection` swaps the whole connection; a sync cycle asks for the
 * reader when it starts, so it finishes on the connection it began with.
 */
import type { Dispatcher } from 'undici';
import { AppError } from '../../src-shared/errors.js';
import { createTenantAuth, type TenantAuth } from '../auth/tenant-auth.js';
import { createByteMeter, createGraphClient } from '../graph/graph-client.js';
import { createGraphMailReader, type GraphMailReader } from '../graph/graph-mail-reader.js';
import { graphGroupReaderOf, type GraphGroupReader } from '../graph/graph-groups.js';
import type { FetchMode } from '../graph/graph-message.js';
import type { Logger } from '../logging/logger.js';
import type { TenantRuntime } from './tenant-runtime.js';

export type { TenantRuntime } from './tenant-runtime.js';

export type GraphConnection = { runtime: TenantRuntime; auth: TenantAuth; reader: GraphMailReader; /** Groups and their members (mailboxes opt-in --group). */ groups: GraphGroupReader };

export type ConnectOptions = {
  clock?: () => Date;
  browserTimeoutMs?: number;
  /** Messages per Graph page (default 100). */
  pageSize?: number;
  /** How pages read messages (default header-first; `full` for the bench's comparison). */
  fetchMode?: FetchMode;
};

export async function connectGraph(tenant: TenantRuntime, dispatcher: Dispatcher, logger: Logger, options: ConnectOptions = {}): Promise<GraphConnection> {
  const config = (await tenant.store.read()) ?? tenant.config;
  const auth = await createTenantAuth(config, tenant.secrets, dispatcher, logger, {
    store: tenant.store,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.browserTimeoutMs ? { browserTimeoutMs: options.browserTimeoutMs } : {}),
  });
  const meter = createByteMeter();
  const client = createGraphClient({ graphBaseUrl: config.graphBaseUrl, tokens: auth.tokens, dispatcher, meter });
  const reader = createGraphMailReader({
    client,
    graphBaseUrl: config.graphBaseUrl,
    tokens: auth.tokens,
    logger,
    meter,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    ...(options.fetchMode ? { fetchMode: options.fetchMode } : {}),
  });
  return { runtime: tenant, auth, reader, groups: graphGroupReaderOf(client, auth.tokens, logger) };
}

const NOT_CONNECTED = 'No Microsoft 365 tenant is connected yet: run the setup first.';

export function requireGraph(connection: GraphConnection | null): GraphMailReader {
  if (!connection) throw new AppError('not-configured', NOT_CONNECTED);
  return connection.reader;
}

/** The app's current tenant connection, replaceable at run time. */
export interface TenantConnection {
  current(): GraphConnection | null;
  /** The current connection, or AppError 'not-configured'. */
  require(): GraphConnection;
  /** Connects to `tenant` (null: disconnects); the previous connection is dropped. */
  switchTo(tenant: TenantRuntime | null): Promise<void>;
  /** Called after every switch (the network path needs the new tenant's CA first: see create-app). */
  onSwitch(listener: (tenant: TenantRuntime | null) => void | Promise<void>): void;
}

export function createTenantConnection(dispatcher: Dispatcher, logger: Logger, options: ConnectOptions = {}): TenantConnection {
  let connection: GraphConnection | null = null;
  const listeners: ((tenant: TenantRuntime | null) => void | Promise<void>)[] = [];
  return {
    current: () => connection,
    require() {
      if (!connection) throw new AppError('not-configured', NOT_CONNECTED);
      return connection;
    },
    async switchTo(tenant) {
      for (const listener of listeners) await listener(tenant);
      connection = tenant ? await connectGraph(tenant, dispatcher, logger, options) : null;
    },
    onSwitch(listener) {
      listeners.push(listener);
    },
  };
}
