/**
 * Dataverse rows -> CrmSnapshot rows (pure). Lookups arrive as `_name_value` GUIDs with the
 * `@Microsoft.Dynamics.CRM.lookuplogicalname` annotation saying which table they point to (a
 * contact's parent customer may be an account or a contact; an owner may be a team). A row that
 * cannot become a row is a rejection with its reason; application users (the integration's own
 * identity) are not CRM users and are skipped silently.
 */
import type { CrmAccount, CrmContact, CrmLead, CrmOpportunity, CrmUser } from '@correspondent/contract';
import { amountOf, domainOfAddress, domainsOf, emailOf, isoDateTime, personName, type Mapped } from '../hubspot/record-values.js';
import type { DynamicsFieldMapping } from './dynamics-config.js';

export type DataverseRow = Record<string, unknown>;

const LOOKUP = '@Microsoft.Dynamics.CRM.lookuplogicalname';
const STATE_NAME: Record<number, string> = { 0: 'Open', 1: 'Won', 2: 'Lost' };

const text = (row: DataverseRow, column: string): string | null => {
  const value = row[column];
  return typeof value === 'string' && value !== '' ? value : null;
};

export function accountRow(row: DataverseRow, id: string, mapping: DynamicsFieldMapping): Mapped<CrmAccount> {
  const cells: string[] = [];
  const invalid: string[] = [];
  for (const column of mapping.accountDomainFields) {
    const value = text(row, column);
    if (value === null) continue;
    if (value.includes('@')) {
      const domain = domainOfAddress(value);
      if (domain === null) invalid.push(value);
      else cells.push(domain);
    } else cells.push(value);
  }
  const found = domainsOf(cells);
  if ([...invalid, ...found.invalid].length > 0 && found.domains.length === 0) return { ok: false, reason: `no valid domain in ${mapping.accountDomainFields.join(', ')}` };
  return { ok: true, row: { id, name: text(row, 'name') ?? '', domains: found.domains } };
}

export function contactRow(row: DataverseRow, id: string): Mapped<CrmContact> {
  const email = emailOf(text(row, 'emailaddress1'));
  if (!email.ok) return email;
  const parent = text(row, '_parentcustomerid_value');
  const accountId = parent !== null && row[`_parentcustomerid_value${LOOKUP}`] === 'account' ? parent : null;
  return { ok: true, row: { id, email: email.row, accountId, name: text(row, 'fullname') ?? personName(text(row, 'firstname'), text(row, 'lastname')) } };
}

/** Null row: the lead is not open (qualified or disqualified) and leaves the leads table. */
export function leadRow(row: DataverseRow, id: string, mapping: DynamicsFieldMapping): Mapped<CrmLead | null> {
  if (!mapping.openLeadStateCodes.includes(Number(row['statecode']))) return { ok: true, row: null };
  const email = emailOf(text(row, 'emailaddress1'));
  if (!email.ok) return email;
  return { ok: true, row: { id, email: email.row, company: text(row, 'companyname') ?? '', name: text(row, 'fullname') ?? personName(text(row, 'firstname'), text(row, 'lastname')) } };
}

export function opportunityRow(row: DataverseRow, id: string, mapping: DynamicsFieldMapping): Mapped<CrmOpportunity> {
  const accountId = text(row, '_parentaccountid_value');
  if (accountId === null) return { ok: false, reason: 'the opportunity has no account (parentaccountid)' };
  const ownerUserId = text(row, '_ownerid_value');
  if (ownerUserId === null) return { ok: false, reason: 'the opportunity has no owner' };
  if (row[`_ownerid_value${LOOKUP}`] === 'team') return { ok: false, reason: 'the opportunity is owned by a team, not a user' };
  const statecode = Number(row['statecode']);
  if (!Number.isInteger(statecode)) return { ok: false, reason: 'statecode is not a number' };
  const isClosed = !mapping.openOpportunityStateCodes.includes(statecode);
  const createdAt = isoDateTime(text(row, 'createdon'));
  if (createdAt === null) return { ok: false, reason: 'createdon is not a date' };
  const closeRaw = isClosed ? (text(row, 'actualclosedate') ?? text(row, 'estimatedclosedate')) : text(row, 'estimatedclosedate');
  const close = isoDateTime(closeRaw);
  if (closeRaw !== null && close === null) return { ok: false, reason: 'the close date is not a date' };
  const amount = amountOf(row['estimatedvalue'] as string | number | null | undefined);
  if (amount === undefined) return { ok: false, reason: 'estimatedvalue is not a number' };
  const stage = text(row, mapping.stageField) ?? STATE_NAME[statecode] ?? String(statecode);
  return { ok: true, row: { id, accountId, ownerUserId, stage, isClosed, createdAt, closeDate: close?.slice(0, 10) ?? null, amount } };
}

/** Null row: an application user (non-interactive S2S identity), not a person. */
export function systemUserRow(row: DataverseRow, id: string): Mapped<CrmUser | null> {
  if (text(row, 'applicationid') !== null || row['accessmode'] === 4) return { ok: true, row: null };
  const email = emailOf(text(row, 'internalemailaddress'));
  if (!email.ok) return email;
  return { ok: true, row: { id, email: email.row, name: text(row, 'fullname') ?? '', signedUpAt: null, optedIn: false } };
}
