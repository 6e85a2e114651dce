/**
 * The HubSpot connector: a private app's access token, CRM v3 objects and the search API
 * (docs/crm-hubspot.md). `createHubspotConnector(config)` validates the settings (zod) and
 * returns a CrmConnector; nothing outside src-main/crm/connectors knows the data came from HubSpot.
 */
import type { Dispatcher } from 'undici';
import { AppError } from '../../../../src-shared/errors.js';
import { createHttpDispatcher } from '../../../net/http-dispatcher.js';
import type { CrmConnector } from '../crm-connector.js';
import { createHubspotApi } from './hubspot-api.js';
import { hubspotConfigSchema, type HubspotConfigInput } from './hubspot-config.js';
import { decodeCursor, encodeCursor } from './hubspot-cursor.js';
import { fullRead, HubspotReader, incrementalRead } from './hubspot-read.js';
import { realSleep, type Sleep } from './crm-http.js';

export { hubspotConfigSchema, type HubspotConfig, type HubspotConfigInput, type HubspotFieldMapping } from './hubspot-config.js';

export type CrmConnectorDeps = { dispatcher?: Dispatcher; sleep?: Sleep; now?: () => number };

export function createHubspotConnector(input: HubspotConfigInput, deps: CrmConnectorDeps = {}): CrmConnector {
  const parsed = hubspotConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid-input', 'The HubSpot connection settings are not valid.', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const config = parsed.data;
  const api = () => createHubspotApi(config, { dispatcher: deps.dispatcher ?? createHttpDispatcher(), sleep: deps.sleep ?? realSleep, now: deps.now ?? Date.now });
  return {
    source: 'hubspot',
    async readAll(signal) {
      const client = api();
      const reader = new HubspotReader(client, config, signal);
      const { snapshot, cursor } = await fullRead(reader);
      return { snapshot, cursor: encodeCursor(cursor), rejected: reader.rejected, requests: client.http.requests() };
    },
    async readChangesSince(cursor, signal) {
      const from = decodeCursor(cursor);
      const client = api();
      const reader = new HubspotReader(client, config, signal);
      const result = await incrementalRead(reader, from);
      return { changes: result.changes, cursor: encodeCursor(result.cursor), rejected: reader.rejected, requests: client.http.requests() };
    },
    async testConnection(signal) {
      // Owners need a scope the refresh needs anyway (crm.objects.owners.read), so a pass means something.
      await api().get('/crm/v3/owners', { limit: '1' }, signal);
    },
  };
}
