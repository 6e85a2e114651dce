/**
 * The connection to a tenant's Graph: one dispatcher (proxy, extra CA), the app-only token
 * provider and the mail reader built on them. Null when no tenant is connected.
 */
import type { Dispatcher } from 'undici';
import { AppError } from '../../src-shared/errors.js';
import { createAppTokenProvider } from '../auth/app-token-provider.js';
import { createGraphClient } from '../graph/graph-client.js';
import { createGraphMailReader, type GraphMailReader } from '../graph/graph-mail-reader.js';
import { createHttpDispatcher } from '../net/http-dispatcher.js';
import type { Logger } from './logger.js';

/** A connected tenant as the core needs it at run time (the secret comes from the vault). */
export type TenantRuntime = {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  authorityHost: string;
  graphBaseUrl: string;
  extraCaPem: string[];
  sandbox: boolean;
};

export type GraphConnection = { reader: GraphMailReader; dispatcher: Dispatcher; close(): Promise<void> };

export function connectGraph(tenant: TenantRuntime, logger: Logger, options: { pageSize?: number | undefined } = {}): GraphConnection {
  const dispatcher = createHttpDispatcher({ extraCaPem: tenant.extraCaPem });
  const tokens = createAppTokenProvider(tenant, dispatcher, logger);
  const client = createGraphClient({ graphBaseUrl: tenant.graphBaseUrl, tokens, dispatcher });
  const reader = createGraphMailReader({ client, graphBaseUrl: tenant.graphBaseUrl, tokens, logger, ...(options.pageSize ? { pageSize: options.pageSize } : {}) });
  return { reader, dispatcher, close: () => dispatcher.close() };
}

export function requireGraph(connection: GraphConnection | null): GraphMailReader {
  if (!connection) throw new AppError('not-configured', 'No Microsoft 365 tenant is connected yet: run the setup first.');
  return connection.reader;
}
