/**
 * The Dynamics 365 Sales connector as the registry builds it from a saved connection: the
 * environment URL, tenant, app registration and token authority (non-secret settings), the client
 * secret from the vault, and the account columns that hold domains.
 */
import type { z } from 'zod';
import { parseConnectionSettings, refuseOptInField } from '../connection-settings.js';
import type { CrmConnector, CrmConnectorInput } from '../crm-connector.js';
import { dynamicsConfigSchema, dynamicsFieldMappingSchema } from './dynamics-config.js';
import { createDynamicsConnector } from './index.js';

export const dynamicsSettingsSchema = dynamicsConfigSchema
  .omit({ clientSecret: true, fieldMapping: true })
  .extend({ stageField: dynamicsFieldMappingSchema.shape.stageField })
  .strict();
export type DynamicsSettingsInput = z.input<typeof dynamicsSettingsSchema>;

export function createDynamicsFromConnection(input: CrmConnectorInput): CrmConnector {
  const { stageField, ...settings } = parseConnectionSettings('Dynamics 365', dynamicsSettingsSchema, input.settings);
  refuseOptInField('Dynamics 365', input.fieldMapping.userOptInField);
  const mapping = parseConnectionSettings('Dynamics 365 field mapping', dynamicsFieldMappingSchema, { accountDomainFields: input.fieldMapping.accountDomainFields, stageField });
  return createDynamicsConnector({ ...settings, clientSecret: input.secret, fieldMapping: mapping }, { dispatcher: input.dispatcher, now: () => input.clock().getTime() });
}
