/**
 * Which connector reads which CRM: one line per CRM. Everything else (the refresh, the CLI, the
 * console) asks the registry by source name and sees only the CrmConnector interface.
 */
import { AppError } from '../../../src-shared/errors.js';
import type { ConnectedCrmSource, CrmConnector, CrmConnectorInput } from './crm-connector.js';
import { createDynamicsFromConnection } from './dynamics/dynamics-factory.js';
import { createHubspotFromConnection } from './hubspot/hubspot-factory.js';
import { withOpenStages } from './open-stages.js';
import { createSalesforceConnector } from './salesforce/salesforce-connector.js';

export type { CrmConnectorInput } from './crm-connector.js';

export type CrmConnectorFactory = (input: CrmConnectorInput) => CrmConnector;

const FACTORIES: Record<ConnectedCrmSource, CrmConnectorFactory> = {
  salesforce: createSalesforceConnector,
  hubspot: createHubspotFromConnection,
  dynamics: createDynamicsFromConnection,
};

export function createCrmConnector(source: ConnectedCrmSource, input: CrmConnectorInput): CrmConnector {
  const factory = FACTORIES[source] as CrmConnectorFactory | undefined;
  if (!factory) throw new AppError('invalid-input', `There is no connector for "${String(source)}".`);
  return withOpenStages(factory(input), input.fieldMapping.openStages);
}
