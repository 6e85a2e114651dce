/**
 * The HubSpot connector as the registry builds it from a saved connection: the non-secret settings
 * (base URL, page sizes, retry bounds, which lifecycle stages make a contact a lead), the private
 * app's access token from the vault, and the company properties that hold domains.
 */
import type { z } from 'zod';
import { parseConnectionSettings, refuseOptInField } from '../connection-settings.js';
import type { CrmConnector, CrmConnectorInput } from '../crm-connector.js';
import { hubspotConfigSchema, hubspotFieldMappingSchema } from './hubspot-config.js';
import { createHubspotConnector } from './index.js';

export const hubspotSettingsSchema = hubspotConfigSchema
  .omit({ accessToken: true, fieldMapping: true })
  .extend({ leadLifecycleStages: hubspotFieldMappingSchema.shape.leadLifecycleStages })
  .strict();
export type HubspotSettingsInput = z.input<typeof hubspotSettingsSchema>;

export function createHubspotFromConnection(input: CrmConnectorInput): CrmConnector {
  const { leadLifecycleStages, ...settings } = parseConnectionSettings('HubSpot', hubspotSettingsSchema, input.settings);
  refuseOptInField('HubSpot', input.fieldMapping.userOptInField);
  return createHubspotConnector(
    { ...settings, accessToken: input.secret, fieldMapping: { domainProperties: input.fieldMapping.accountDomainFields, leadLifecycleStages, closedStageIds: [], openStageIds: [] } },
    { dispatcher: input.dispatcher, now: () => input.clock().getTime() },
  );
}
