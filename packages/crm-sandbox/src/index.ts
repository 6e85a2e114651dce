/**
 * Simulated CRMs for the demo, tests and benchmarks (issue 22): Salesforce (salesforce/), HubSpot
 * (hubspot/) and Dynamics 365 Sales through the Dataverse Web API (dataverse/), each pinned to
 * the vendor's documentation (docs/crm-salesforce.md and its siblings) and fed from a CrmSnapshot
 * of the seeded directory.
 */
export { startSalesforceSimulator, SALESFORCE_API_VERSION, type SalesforceSimulator, type SalesforceSimulatorOptions } from './salesforce/salesforce-simulator.js';
export { SalesforceOrg, type SfRecord } from './salesforce/salesforce-org.js';
export type { ConnectedApp } from './salesforce/salesforce-auth.js';
export type { SfObjectName } from './salesforce/salesforce-schema.js';
export { createSimulatorTls, type SimulatorTls } from './tls.js';
export { benchCrmDirectory, BENCH_DIRECTORY_SIZE, type BenchDirectorySize } from './bench-directory.js';
