/**
 * The Dynamics 365 Sales connector as the registry builds it from a saved connection: the
 * environment URL, tenant, app registration and token authority (non-secret settings), the client
 * secret from the vault, and the product's field mapping (the account columns that hold domains;
 * open stages by name through withOpenStages, else the statecode decides).
 */
import type { z } from 'zod';
import type { CrmConnector, CrmConnectorInput } from '../crm-connector.js';
import { withOpenStages } from '../open-stages.js';
import { invalidSettings, refuseOptInField } from '../settings-error.js';
import { dynamicsConfigSchema, dynamicsFieldMappingSchema } from './dynamics-config.js';
import { createDynamicsConnector } from './index.js';

export const dynamicsSettingsSchema = dynamicsConfigSchema
  .omit({ clientSecret: true, fieldMapping: true })
  .extend({ stageField: dynamicsFieldMappingSchema.shape.stageField })
  .strict();
export type DynamicsSettingsInput = z.input<typeof dynamicsSettingsSchema>;

export function createDynamicsFromConnection(input: CrmConnectorInput): CrmConnector {
  const parsed = dynamicsSettingsSchema.safeParse(input.settings ?? {});
  if (!parsed.success) throw invalidSettings('Dynamics 365', parsed.error.issues);
  refuseOptInField('Dynamics 365', input.fieldMapping.userOptInField);
  const { stageField, ...settings } = parsed.data;
  const mapping = dynamicsFieldMappingSchema.safeParse({ accountDomainFields: input.fieldMapping.accountDomainFields, stageField });
  if (!mapping.success) throw invalidSettings('Dynamics 365 field mapping', mapping.error.issues);
  const connector = createDynamicsConnector(
    { ...settings, clientSecret: input.secret, fieldMapping: mapping.data },
    { dispatcher: input.dispatcher, now: () => input.clock().getTime() },
  );
  return withOpenStages(connector, input.fieldMapping.openStages);
}
