/**
 * CRM CSV text -> a CrmSnapshot plus the rows it rejected. One bad row never stops an import: it
 * is reported with its file, line and reason, and the rest is kept. A file whose structure is
 * wrong (unclosed quote, no column for a required field) fails as a whole with AppError
 * 'invalid-input' naming the file and line. Pure: `read-crm-directory.ts` does the reading.
 */
import { AppError } from '../../src-shared/errors.js';
import { normaliseAddress, normaliseDomain } from '../rules/address.js';
import { parseCsv } from './csv-reader.js';
import { knownColumns, resolveColumns, type ColumnMapping, type CrmField, type CrmTable } from './crm-csv-columns.js';
import type { CrmAccount, CrmContact, CrmLead, CrmOpportunity, CrmSnapshot, CrmUser } from '@correspondent/contract';

export type RejectedRow = { file: string; line: number; reason: string };
export type CrmCsvFile = { fileName: string; text: string };
export type CrmTablesResult = { snapshot: CrmSnapshot; rejected: RejectedRow[] };

type Row<T extends CrmTable> = (field: CrmField<T>) => string;
type Parsed<R> = { ok: true; row: R } | { ok: false; reason: string };

const REQUIRED: { [T in CrmTable]: CrmField<T>[] } = {
  accounts: ['id'],
  contacts: ['id', 'email'],
  leads: ['id', 'email'],
  opportunities: ['id', 'account_id', 'owner_user_id', 'created_at'],
  users: ['id', 'email'],
};

function personName<T extends 'contacts' | 'leads' | 'users'>(get: Row<T>): string {
  const full = get('name' as CrmField<T>);
  if (full) return full;
  return [get('first_name' as CrmField<T>), get('last_name' as CrmField<T>)].filter(Boolean).join(' ');
}

/** A Website or domain cell ("https://www.acme.com/en", "acme.com; acme.de") -> domains. */
function domainsOf(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(/[;,\s]+/)) {
    const host = part.replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, '').replace(/^www\./i, '');
    const domain = normaliseDomain(host);
    if (domain !== null && !out.includes(domain)) out.push(domain);
  }
  return out;
}

function isoDate(cell: string): string | null {
  if (!cell) return null;
  const time = Date.parse(cell);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function bool(cell: string): boolean | null {
  const value = cell.trim().toLowerCase();
  if (['true', '1', 'yes', 'y'].includes(value)) return true;
  if (['false', '0', 'no', 'n', ''].includes(value)) return false;
  return null;
}

function email(get: Row<'contacts' | 'leads' | 'users'>): Parsed<string> {
  const address = normaliseAddress(get('email'));
  return address === null ? { ok: false, reason: 'email is not a valid address' } : { ok: true, row: address };
}

const PARSERS: { [T in CrmTable]: (get: Row<T>) => Parsed<CrmSnapshot[T][number]> } = {
  accounts: (get): Parsed<CrmAccount> => {
    const raw = get('domains');
    const domains = domainsOf(raw);
    if (raw && domains.length === 0) return { ok: false, reason: 'domains holds no valid domain' };
    return { ok: true, row: { id: get('id'), name: get('name'), domains } };
  },
  contacts: (get): Parsed<CrmContact> => {
    const address = email(get as Row<'contacts' | 'leads' | 'users'>);
    if (!address.ok) return address;
    return { ok: true, row: { id: get('id'), email: address.row, accountId: get('account_id') || null, name: personName(get) } };
  },
  leads: (get): Parsed<CrmLead> => {
    const address = email(get as Row<'contacts' | 'leads' | 'users'>);
    if (!address.ok) return address;
    return { ok: true, row: { id: get('id'), email: address.row, company: get('company'), name: personName(get) } };
  },
  opportunities: (get): Parsed<CrmOpportunity> => {
    const isClosed = bool(get('is_closed'));
    if (isClosed === null) return { ok: false, reason: 'is_closed must be true or false' };
    const createdAt = isoDate(get('created_at'));
    if (createdAt === null) return { ok: false, reason: 'created_at is not a date' };
    const closeRaw = get('close_date');
    const close = closeRaw ? isoDate(closeRaw) : null;
    if (closeRaw && close === null) return { ok: false, reason: 'close_date is not a date' };
    const amountRaw = get('amount').replace(/[\s,]/g, '');
    const amount = amountRaw ? Number(amountRaw) : null;
    if (amount !== null && !Number.isFinite(amount)) return { ok: false, reason: 'amount is not a number' };
    return {
      ok: true,
      row: { id: get('id'), accountId: get('account_id'), ownerUserId: get('owner_user_id'), stage: get('stage'), isClosed, createdAt, closeDate: close?.slice(0, 10) ?? null, amount },
    };
  },
  users: (get): Parsed<CrmUser> => {
    const address = email(get as Row<'contacts' | 'leads' | 'users'>);
    if (!address.ok) return address;
    const optedIn = bool(get('opted_in'));
    if (optedIn === null) return { ok: false, reason: 'opted_in must be true or false' };
    const signedUpRaw = get('signed_up_at');
    const signedUpAt = signedUpRaw ? isoDate(signedUpRaw) : null;
    if (signedUpRaw && signedUpAt === null) return { ok: false, reason: 'signed_up_at is not a date' };
    return { ok: true, row: { id: get('id'), email: address.row, name: personName(get), signedUpAt, optedIn } };
  },
};

function readTable<T extends CrmTable>(table: T, file: CrmCsvFile, mapping: ColumnMapping, rejected: RejectedRow[]): CrmSnapshot[T][number][] {
  const parsed = parseCsv(file.text);
  if (!parsed.ok) throw new AppError('invalid-input', `${file.fileName}:${parsed.line}: ${parsed.message}`);
  const columns = resolveColumns(table, parsed.header, mapping);
  for (const field of REQUIRED[table]) {
    if (!columns.has(field)) {
      throw new AppError('invalid-input', `${file.fileName}:1: no ${field} column (expected one of: ${knownColumns(table, field, mapping).join(', ')})`);
    }
  }
  const firstLineOfId = new Map<string, number>();
  const out: CrmSnapshot[T][number][] = [];
  for (const record of parsed.records) {
    const get: Row<T> = (field) => {
      const index = columns.get(field);
      return index === undefined ? '' : (record.fields[index] ?? '').trim();
    };
    const missing = REQUIRED[table].find((field) => get(field) === '');
    if (missing !== undefined) {
      rejected.push({ file: file.fileName, line: record.line, reason: `${missing} is empty` });
      continue;
    }
    const id = get('id' as CrmField<T>);
    const first = firstLineOfId.get(id);
    if (first !== undefined) {
      rejected.push({ file: file.fileName, line: record.line, reason: `duplicate id ${id} (first on line ${first})` });
      continue;
    }
    const result = PARSERS[table](get);
    if (!result.ok) {
      rejected.push({ file: file.fileName, line: record.line, reason: result.reason });
      continue;
    }
    firstLineOfId.set(id, record.line);
    out.push(result.row);
  }
  return out;
}

/** Builds a snapshot from whichever tables are given; absent tables are empty. */
export function readCrmTables(files: Partial<Record<CrmTable, CrmCsvFile>>, mapping: ColumnMapping = {}): CrmTablesResult {
  const rejected: RejectedRow[] = [];
  const snapshot: CrmSnapshot = {
    accounts: files.accounts ? readTable('accounts', files.accounts, mapping, rejected) : [],
    contacts: files.contacts ? readTable('contacts', files.contacts, mapping, rejected) : [],
    leads: files.leads ? readTable('leads', files.leads, mapping, rejected) : [],
    opportunities: files.opportunities ? readTable('opportunities', files.opportunities, mapping, rejected) : [],
    users: files.users ? readTable('users', files.users, mapping, rejected) : [],
  };
  return { snapshot, rejected };
}
