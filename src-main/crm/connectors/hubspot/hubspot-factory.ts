/**
 * The HubSpot connector as the registry builds it from a saved connection: the non-secret settings
 * (base URL, page sizes, retry bounds, which lifecycle stages make a contact a lead), the private
 * app's access token from the vault, and the product's field mapping (the company properties that
 * hold domains; open stages by name through withOpenStages).
 */
import type { z } from 'zod';
import type { CrmConnector, CrmConnectorInput } from '../crm-connector.js';
import { withOpenStages } from '../open-stages.js';
import { invalidSettings, refuseOptInField } from '../settings-error.js';
import { hubspotConfigSchema, hubspotFieldMappingSchema } from './hubspot-config.js';
import { createHubspotConnector } from './index.js';

export const hubspotSettingsSchema = hubspotConfigSchema
  .omit({ accessToken: true, fieldMapping: true })
  .extend({ leadLifecycleStages: hubspotFieldMappingSchema.shape.leadLifecycleStages })
  .strict();
export type HubspotSettingsInput = z.input<typeof hubspotSettingsSchema>;

export function createHubspotFromConnection(input: CrmConnectorInput): CrmConnector {
  const parsed = hubspotSettingsSchema.safeParse(input.settings ?? {});
  if (!parsed.success) throw invalidSettings('HubSpot', parsed.error.issues);
  refuseOptInField('HubSpot', input.fieldMapping.userOptInField);
  const { leadLifecycleStages, ...settings } = parsed.data;
  const connector = createHubspotConnector(
    { ...settings, accessToken: input.secret, fieldMapping: { domainProperties: input.fieldMapping.accountDomainFields, leadLifecycleStages, closedStageIds: [], openStageIds: [] } },
    { dispatcher: input.dispatcher, now: () => input.clock().getTime() },
  );
  return withOpenStages(connector, input.fieldMapping.openStages);
}
