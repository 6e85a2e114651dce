/**
 * The field mapping's `openStages`, the same for every CRM (the registry applies it to each
 * connector's reads): when the admin lists the stage names that count as open (Salesforce's
 * StageName, HubSpot's pipeline stage label, Dataverse's process stage), an opportunity in any
 * other stage is closed. Null leaves the CRM's own flag in charge (IsClosed, the stage's closed
 * metadata, statecode).
 */
import type { CrmOpportunity } from '@correspondent/contract';
import type { CrmConnector } from './crm-connector.js';

export function withOpenStages(connector: CrmConnector, openStages: readonly string[] | null): CrmConnector {
  if (openStages === null) return connector;
  const open = new Set(openStages);
  const remap = (rows: CrmOpportunity[]) => rows.map((row) => ({ ...row, isClosed: !open.has(row.stage) }));
  return {
    source: connector.source,
    async readAll(signal) {
      const read = await connector.readAll(signal);
      return { ...read, snapshot: { ...read.snapshot, opportunities: remap(read.snapshot.opportunities) } };
    },
    async readChangesSince(cursor, signal) {
      const read = await connector.readChangesSince(cursor, signal);
      const opportunities = { ...read.changes.opportunities, upserted: remap(read.changes.opportunities.upserted) };
      return { ...read, changes: { ...read.changes, opportunities } };
    },
    testConnection: (signal) => connector.testConnection(signal),
  };
}
