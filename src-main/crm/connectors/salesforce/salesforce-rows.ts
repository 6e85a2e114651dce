/**
 * Salesforce records as CRM rows, through the field mapping: an account's domains from its mapped
 * fields (Website by default), contacts and leads by Email, opportunities with IsClosed (the
 * mapping's open stages apply to every CRM: open-stages.ts), users with IsActive (and the mapping's opt-in field). A record that
 * cannot be a row (no email, an unreadable address, an opportunity without an account) is a
 * rejection with its object and id, never a crash; an unreadable domain value leaves the account
 * without that domain and is reported too.
 */
import type { CrmAccount, CrmContact, CrmLead, CrmOpportunity, CrmUser } from '@correspondent/contract';
import type { CrmFieldMapping } from '../../../../src-shared/crm-connection.js';
import { normaliseAddress } from '../../../rules/address.js';
import type { CrmRecordRejection } from '../crm-connector.js';
import { domainsFromValues } from '../domain-values.js';
import type { SalesforceRecord } from './salesforce-api.js';

export type Mapped<Row> = { row: Row } | { rejection: CrmRecordRejection };

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** Salesforce date-times (2024-01-31T09:15:00.000+0000) as ISO 8601 UTC, or null. */
export function salesforceDateTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function reject(object: string, record: SalesforceRecord, reason: string): { rejection: CrmRecordRejection } {
  return { rejection: { object, id: str(record['Id']), reason } };
}

function email(object: string, record: SalesforceRecord): { email: string } | { rejection: CrmRecordRejection } {
  const raw = str(record['Email']);
  if (raw === null) return reject(object, record, 'no email address');
  if (normaliseAddress(raw) === null) return reject(object, record, `email "${raw.slice(0, 80)}" is not an address`);
  return { email: raw.trim() };
}

export function accountRow(record: SalesforceRecord, mapping: CrmFieldMapping): { row: CrmAccount; rejections: CrmRecordRejection[] } | { rejection: CrmRecordRejection } {
  const id = str(record['Id']);
  if (id === null) return reject('Account', record, 'no Id');
  const { domains, unreadable } = domainsFromValues(mapping.accountDomainFields.map((field) => record[field]));
  const rejections = unreadable.map((value) => ({ object: 'Account', id, reason: `"${value.slice(0, 80)}" in a domain field is not a domain (ignored)` }));
  return { row: { id, name: str(record['Name']) ?? '', domains }, rejections };
}

export function contactRow(record: SalesforceRecord): Mapped<CrmContact> {
  const id = str(record['Id']);
  if (id === null) return reject('Contact', record, 'no Id');
  const address = email('Contact', record);
  if ('rejection' in address) return address;
  return { row: { id, email: address.email, accountId: str(record['AccountId']), name: str(record['Name']) ?? '' } };
}

export function leadRow(record: SalesforceRecord): Mapped<CrmLead> {
  const id = str(record['Id']);
  if (id === null) return reject('Lead', record, 'no Id');
  const address = email('Lead', record);
  if ('rejection' in address) return address;
  return { row: { id, email: address.email, company: str(record['Company']) ?? '', name: str(record['Name']) ?? '' } };
}

export function opportunityRow(record: SalesforceRecord): Mapped<CrmOpportunity> {
  const id = str(record['Id']);
  if (id === null) return reject('Opportunity', record, 'no Id');
  const accountId = str(record['AccountId']);
  if (accountId === null) return reject('Opportunity', record, 'no AccountId');
  const ownerUserId = str(record['OwnerId']);
  if (ownerUserId === null) return reject('Opportunity', record, 'no OwnerId');
  const createdAt = salesforceDateTime(record['CreatedDate']);
  if (createdAt === null) return reject('Opportunity', record, 'no readable CreatedDate');
  const stage = str(record['StageName']) ?? '';
  const closeDate = typeof record['CloseDate'] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(record['CloseDate']) ? record['CloseDate'] : null;
  const amount = typeof record['Amount'] === 'number' && Number.isFinite(record['Amount']) ? record['Amount'] : null;
  return { row: { id, accountId, ownerUserId, stage, isClosed: record['IsClosed'] === true, createdAt, closeDate, amount } };
}

export function userRow(record: SalesforceRecord, mapping: CrmFieldMapping): Mapped<CrmUser> {
  const id = str(record['Id']);
  if (id === null) return reject('User', record, 'no Id');
  const address = email('User', record);
  if ('rejection' in address) return address;
  const active = record['IsActive'] === true;
  const optedIn = active && (mapping.userOptInField === null || record[mapping.userOptInField] === true);
  return { row: { id, email: address.email, name: str(record['Name']) ?? '', signedUpAt: salesforceDateTime(record['CreatedDate']), optedIn } };
}
