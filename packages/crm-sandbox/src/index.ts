/**
 * Simulated CRMs for the demo, tests and benchmarks (issue 22): Salesforce (salesforce/), HubSpot
 * (hubspot/) and Dynamics 365 Sales through the Dataverse Web API (dataverse/), each pinned to
 * the vendor's documentation (docs/crm-apis.md) and fed from a CrmSnapshot of the seeded directory.
 */
export {};
