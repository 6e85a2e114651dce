/**
 * Not a test: a simulated CRM (HubSpot or Dataverse) in a process of its own for the CRM
 * connector benchmark, so that the simulator's CPU and memory are not counted as the connector's.
 * Started by parts/crm-connectors-bench.ts with {crm, size} as JSON in argv; answers over IPC:
 * 'mutate' changes a fraction of every table (updates, creations, deletions) and says how many.
 */
import { createSandboxTls } from '@correspondent/m365-sandbox/tls.js';
import { startHubspotSimulator } from '@correspondent/crm-sandbox/hubspot/index.js';
import { startDataverseSimulator } from '@correspondent/crm-sandbox/dataverse/index.js';
import { crmFixture, type FixtureSize } from '../../support/crm-connector-fixture.js';

export type CrmChildInfo = { caPem: string; hubspot?: { baseUrl: string; accessToken: string }; dynamics?: { environmentUrl: string; authorityHost: string; tenantId: string; clientId: string; clientSecret: string } };
export type CrmChildRequest = { id: number; type: 'mutate'; fraction: number } | { id: number; type: 'requests' } | { id: number; type: 'close' };
export type CrmChildReply = { id: number; value: number };

const { crm, size } = JSON.parse(process.argv[2] ?? '{}') as { crm: 'hubspot' | 'dynamics'; size: FixtureSize };
const snapshot = crmFixture(size);
const tls = createSandboxTls();
const send = (message: unknown) => process.send?.(message);

/** Every n-th row of a table, n chosen so that `fraction` of it is picked. */
const pick = <T>(rows: T[], fraction: number) => rows.filter((_, i) => i % Math.max(1, Math.round(1 / fraction)) === 0);

/** Applies `change` to the picked rows; how many were changed. */
function each<T>(rows: T[], fraction: number, change: (row: T) => void): number {
  const picked = pick(rows, fraction);
  for (const row of picked) change(row);
  return picked.length;
}

if (crm === 'hubspot') {
  const sim = await startHubspotSimulator({ snapshot, tls });
  send({ ready: { caPem: tls.caPem, hubspot: { baseUrl: sim.baseUrl, accessToken: sim.accessToken } } satisfies CrmChildInfo });
  process.on('message', (raw: CrmChildRequest) => {
    if (raw.type === 'close') return void sim.close().then(() => process.exit(0));
    if (raw.type === 'requests') return void send({ id: raw.id, value: sim.requestCount() });
    const changed =
      each(snapshot.contacts, raw.fraction, (c) => sim.updateRecord('contacts', sim.idOf('contacts', c.id), { lastname: 'Changed' })) +
      each(snapshot.leads, raw.fraction, (l) => sim.updateRecord('contacts', sim.idOf('leads', l.id), { company: 'Changed Ltd' })) +
      each(snapshot.accounts, raw.fraction, (a) => sim.archiveRecord('companies', sim.idOf('accounts', a.id))) +
      each(snapshot.opportunities, raw.fraction, (o) => sim.updateRecord('deals', sim.idOf('opportunities', o.id), { amount: '99' }));
    send({ id: raw.id, value: changed });
  });
} else {
  const sim = await startDataverseSimulator({ snapshot, tls });
  send({
    ready: {
      caPem: tls.caPem,
      dynamics: { environmentUrl: sim.environmentUrl, authorityHost: sim.authorityHost, tenantId: sim.tenantId, clientId: sim.clientId, clientSecret: sim.clientSecret },
    } satisfies CrmChildInfo,
  });
  process.on('message', (raw: CrmChildRequest) => {
    if (raw.type === 'close') return void sim.close().then(() => process.exit(0));
    if (raw.type === 'requests') return void send({ id: raw.id, value: sim.requestCount() });
    const changed =
      each(snapshot.contacts, raw.fraction, (c) => sim.updateRow('contacts', sim.idOf('contacts', c.id), { fullname: 'Changed Person' })) +
      each(snapshot.leads, raw.fraction, (l) => sim.updateRow('leads', sim.idOf('leads', l.id), { companyname: 'Changed Ltd' })) +
      each(snapshot.accounts, raw.fraction, (a) => sim.deleteRow('accounts', sim.idOf('accounts', a.id))) +
      each(snapshot.opportunities, raw.fraction, (o) => sim.updateRow('opportunities', sim.idOf('opportunities', o.id), { estimatedvalue: 99 }));
    send({ id: raw.id, value: changed });
  });
}
