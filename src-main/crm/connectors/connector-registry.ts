/**
 * Which connector reads which CRM: one line per CRM. Everything else (the refresh, the CLI, the
 * console) asks the registry by source name and sees only the CrmConnector interface.
 */
import type { Dispatcher } from 'undici';
import type { CrmFieldMapping } from '../../../src-shared/crm-connection.js';
import { AppError } from '../../../src-shared/errors.js';
import type { ConnectedCrmSource, CrmConnector } from './crm-connector.js';
import { createSalesforceConnector } from './salesforce/salesforce-connector.js';

export type CrmConnectorInput = {
  /** The connection's non-secret settings, validated by the connector itself. */
  settings: unknown;
  /** The credential from the vault. */
  secret: string;
  fieldMapping: CrmFieldMapping;
  dispatcher: Dispatcher;
  clock: () => Date;
};

export type CrmConnectorFactory = (input: CrmConnectorInput) => CrmConnector;

const FACTORIES: Partial<Record<ConnectedCrmSource, CrmConnectorFactory>> = {
  salesforce: createSalesforceConnector,
};

export function createCrmConnector(source: ConnectedCrmSource, input: CrmConnectorInput): CrmConnector {
  const factory = FACTORIES[source];
  if (!factory) throw new AppError('not-available', `The ${source} connector is not part of this build.`);
  return factory(input);
}
