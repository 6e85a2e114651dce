/**
 * HubSpot CRM v3 objects -> CrmSnapshot rows (pure). A record that cannot become a row (no email,
 * an unreadable amount or date, a deal with no company or owner, a stage in no pipeline) is a
 * rejection with its reason, never an exception: one bad record never stops a refresh.
 */
import type { CrmAccount, CrmContact, CrmLead, CrmOpportunity, CrmUser } from '@correspondent/contract';
import type { HubspotFieldMapping } from './hubspot-config.js';
import { amountOf, domainsOf, emailOf, isoDateTime, personName, type Mapped } from './record-values.js';

export type HubspotObject = { id: string; properties: Record<string, string | null>; archived?: boolean; archivedAt?: string; updatedAt?: string };
export type HubspotOwner = { id: string; email?: string | null; firstName?: string | null; lastName?: string | null; archived?: boolean; updatedAt?: string };
export type StageInfo = { label: string; isClosed: boolean };

export function stageTable(pipelines: { stages?: { id: string; label: string; metadata?: { isClosed?: string } }[] }[], mapping: HubspotFieldMapping): Map<string, StageInfo> {
  const out = new Map<string, StageInfo>();
  for (const pipeline of pipelines) {
    for (const stage of pipeline.stages ?? []) {
      let isClosed = stage.metadata?.isClosed === 'true';
      if (mapping.closedStageIds.includes(stage.id)) isClosed = true;
      if (mapping.openStageIds.includes(stage.id)) isClosed = false;
      out.set(stage.id, { label: stage.label, isClosed });
    }
  }
  return out;
}

export function companyToAccount(record: HubspotObject, mapping: HubspotFieldMapping): Mapped<CrmAccount> {
  const cells = mapping.domainProperties.map((name) => record.properties[name]);
  const { domains, invalid } = domainsOf(cells);
  if (invalid.length > 0 && domains.length === 0) return { ok: false, reason: `no valid domain in ${mapping.domainProperties.join(', ')}` };
  return { ok: true, row: { id: record.id, name: record.properties['name'] ?? '', domains } };
}

export type PersonRow = { table: 'contacts'; row: CrmContact } | { table: 'leads'; row: CrmLead };

export function contactToPerson(record: HubspotObject, companyId: string | null, mapping: HubspotFieldMapping): Mapped<PersonRow> {
  const email = emailOf(record.properties['email']);
  if (!email.ok) return email;
  const name = personName(record.properties['firstname'], record.properties['lastname']);
  const stage = record.properties['lifecyclestage'] ?? '';
  if (mapping.leadLifecycleStages.includes(stage)) {
    return { ok: true, row: { table: 'leads', row: { id: record.id, email: email.row, company: record.properties['company'] ?? '', name } } };
  }
  return { ok: true, row: { table: 'contacts', row: { id: record.id, email: email.row, accountId: companyId, name } } };
}

export function dealToOpportunity(record: HubspotObject, companyId: string | null, stages: Map<string, StageInfo>): Mapped<CrmOpportunity> {
  if (companyId === null) return { ok: false, reason: 'the deal is associated with no company' };
  const ownerUserId = record.properties['hubspot_owner_id'];
  if (!ownerUserId) return { ok: false, reason: 'the deal has no owner (hubspot_owner_id)' };
  const stageId = record.properties['dealstage'] ?? '';
  const stage = stages.get(stageId);
  if (!stage) return { ok: false, reason: `dealstage "${stageId}" is in no deal pipeline` };
  const createdAt = isoDateTime(record.properties['createdate']);
  if (createdAt === null) return { ok: false, reason: 'createdate is not a date' };
  const closeRaw = record.properties['closedate'];
  const close = isoDateTime(closeRaw);
  if (closeRaw && close === null) return { ok: false, reason: 'closedate is not a date' };
  const amount = amountOf(record.properties['amount']);
  if (amount === undefined) return { ok: false, reason: 'amount is not a number' };
  return {
    ok: true,
    row: { id: record.id, accountId: companyId, ownerUserId, stage: stage.label, isClosed: stage.isClosed, createdAt, closeDate: close?.slice(0, 10) ?? null, amount },
  };
}

/** HubSpot owners are the CRM users. Whether one signed up or opted in is Correspondent's to know. */
export function ownerToUser(owner: HubspotOwner): Mapped<CrmUser> {
  const email = emailOf(owner.email);
  if (!email.ok) return email;
  return { ok: true, row: { id: owner.id, email: email.row, name: personName(owner.firstName, owner.lastName), signedUpAt: null, optedIn: false } };
}
