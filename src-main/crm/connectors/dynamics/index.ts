/**
 * The Dynamics 365 Sales connector: Dataverse Web API v9.2 with client credentials from Entra ID
 * and change tracking (docs/crm-dynamics.md). `createDynamicsConnector(config)` validates the
 * settings (zod) and returns a CrmConnector; nothing outside src-main/crm/connectors knows the
 * data came from Dynamics.
 */
import { AppError } from '../../../../src-shared/errors.js';
import type { AccessTokenProvider } from '../../../auth/app-token-provider.js';
import { createLogger, type Logger } from '../../../logging/logger.js';
import { createHttpDispatcher } from '../../../net/http-dispatcher.js';
import type { CrmConnector } from '../crm-connector.js';
import { realSleep } from '../hubspot/crm-http.js';
import type { CrmConnectorDeps } from '../hubspot/index.js';
import { createDynamicsApi, type DynamicsApi } from './dynamics-api.js';
import { dynamicsConfigSchema, type DynamicsConfigInput } from './dynamics-config.js';
import { decodeCursor, DynamicsReader, encodeCursor, fullRead, incrementalRead } from './dynamics-read.js';

export { dynamicsConfigSchema, type DynamicsConfig, type DynamicsConfigInput, type DynamicsFieldMapping } from './dynamics-config.js';

export type DynamicsConnectorDeps = CrmConnectorDeps & { logger?: Logger; tokens?: AccessTokenProvider };

export function createDynamicsConnector(input: DynamicsConfigInput, deps: DynamicsConnectorDeps = {}): CrmConnector {
  const parsed = dynamicsConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid-input', 'The Dynamics 365 connection settings are not valid.', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const config = parsed.data;
  const dispatcher = deps.dispatcher ?? createHttpDispatcher();
  // One token provider for the connector's life: msal keeps the token between refreshes.
  let shared: DynamicsApi | null = null;
  const api = (): DynamicsApi => {
    shared ??= createDynamicsApi(config, {
      dispatcher,
      sleep: deps.sleep ?? realSleep,
      now: deps.now ?? Date.now,
      logger: deps.logger ?? createLogger({ level: 'silent' }),
      ...(deps.tokens ? { tokens: deps.tokens } : {}),
    });
    return shared;
  };
  const counted = async <T>(run: (reader: DynamicsReader) => Promise<T>, signal?: AbortSignal) => {
    const client = api();
    const before = client.http.requests();
    const reader = new DynamicsReader(client, config, signal);
    const result = await run(reader);
    return { result, reader, requests: client.http.requests() - before };
  };
  return {
    source: 'dynamics',
    async readAll(signal) {
      const { result, reader, requests } = await counted(fullRead, signal);
      return { snapshot: result.snapshot, cursor: encodeCursor(result.cursor), rejected: reader.rejected, requests };
    },
    async readChangesSince(cursor, signal) {
      const from = decodeCursor(cursor);
      const { result, reader, requests } = await counted((reader) => incrementalRead(reader, from), signal);
      return { changes: result.changes, cursor: encodeCursor(result.cursor), rejected: reader.rejected, requests };
    },
    async testConnection(signal) {
      const client = api();
      await client.getJson(client.url('/WhoAmI'), signal);
    },
  };
}
