/**
 * Which CSV column feeds which CRM field. The canonical names (shared/docs/cli.md "Formats") come
 * first, then the column names of Salesforce (Data Loader API names and report labels) and
 * HubSpot exports. Matching ignores case, spaces, underscores and punctuation. A columns.json in
 * the CRM directory (or the caller) can name other columns per table and field.
 */
import { z } from 'zod';

export const CRM_TABLES = ['accounts', 'contacts', 'leads', 'opportunities', 'users'] as const;
export type CrmTable = (typeof CRM_TABLES)[number];

export const CRM_FIELDS = {
  accounts: ['id', 'name', 'domains'],
  contacts: ['id', 'email', 'account_id', 'name', 'first_name', 'last_name'],
  leads: ['id', 'email', 'company', 'name', 'first_name', 'last_name'],
  opportunities: ['id', 'account_id', 'owner_user_id', 'stage', 'is_closed', 'created_at', 'close_date', 'amount'],
  users: ['id', 'email', 'name', 'first_name', 'last_name', 'signed_up_at', 'opted_in'],
} as const satisfies Record<CrmTable, readonly string[]>;

export type CrmField<T extends CrmTable> = (typeof CRM_FIELDS)[T][number];

const KNOWN: { [T in CrmTable]: Record<CrmField<T>, string[]> } = {
  accounts: {
    id: ['id', 'account id', 'record id', 'company id'],
    name: ['name', 'account name', 'company name'],
    domains: ['domains', 'domain', 'website', 'company domain name', 'website url', 'additional domains'],
  },
  contacts: {
    id: ['id', 'contact id', 'record id'],
    email: ['email', 'email address'],
    account_id: ['account_id', 'accountid', 'account id', 'associated company id', 'associated company ids (primary)', 'company id'],
    name: ['name', 'full name', 'contact name'],
    first_name: ['firstname', 'first name'],
    last_name: ['lastname', 'last name'],
  },
  leads: {
    id: ['id', 'lead id', 'record id'],
    email: ['email', 'email address'],
    company: ['company', 'company name', 'company / account'],
    name: ['name', 'full name', 'lead name'],
    first_name: ['firstname', 'first name'],
    last_name: ['lastname', 'last name'],
  },
  opportunities: {
    id: ['id', 'opportunity id', 'deal id', 'record id'],
    account_id: ['account_id', 'accountid', 'account id', 'associated company id', 'associated company ids (primary)'],
    owner_user_id: ['owner_user_id', 'ownerid', 'owner id', 'opportunity owner id', 'deal owner id', 'hubspot owner id'],
    stage: ['stage', 'stagename', 'deal stage'],
    is_closed: ['is_closed', 'isclosed', 'closed', 'is closed', 'is deal closed?'],
    created_at: ['created_at', 'createddate', 'created date', 'create date'],
    close_date: ['close_date', 'closedate', 'close date'],
    amount: ['amount'],
  },
  users: {
    id: ['id', 'user id'],
    email: ['email', 'email address'],
    name: ['name', 'full name'],
    first_name: ['firstname', 'first name'],
    last_name: ['lastname', 'last name'],
    signed_up_at: ['signed_up_at', 'createddate', 'created date'],
    opted_in: ['opted_in', 'opted in'],
  },
};

/** columns.json: `{ "contacts": { "email": "E-Mail (work)" }, ... }`. */
function tableMapping<T extends CrmTable>(table: T) {
  return z.partialRecord(z.enum(CRM_FIELDS[table]), z.string().min(1)).optional();
}

export const columnMappingSchema = z
  .object({
    accounts: tableMapping('accounts'),
    contacts: tableMapping('contacts'),
    leads: tableMapping('leads'),
    opportunities: tableMapping('opportunities'),
    users: tableMapping('users'),
  })
  .strict();
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[\s_\-./()?]+/g, '');
}

/** Field -> column index for a header row; fields without a column are absent. */
export function resolveColumns<T extends CrmTable>(table: T, header: readonly string[], mapping: ColumnMapping = {}): Map<CrmField<T>, number> {
  const byKey = new Map<string, number>();
  header.forEach((name, index) => {
    const key = columnKey(name);
    if (!byKey.has(key)) byKey.set(key, index);
  });
  const overrides = (mapping[table] ?? {}) as Partial<Record<CrmField<T>, string>>;
  const out = new Map<CrmField<T>, number>();
  for (const field of CRM_FIELDS[table] as readonly CrmField<T>[]) {
    const override = overrides[field];
    const names = override !== undefined ? [override] : (KNOWN[table] as Record<CrmField<T>, string[]>)[field];
    for (const name of names) {
      const index = byKey.get(columnKey(name));
      if (index !== undefined) {
        out.set(field, index);
        break;
      }
    }
  }
  return out;
}

/** The column names recognised for a field, for error messages. */
export function knownColumns<T extends CrmTable>(table: T, field: CrmField<T>, mapping: ColumnMapping = {}): string[] {
  const override = (mapping[table] as Partial<Record<CrmField<T>, string>> | undefined)?.[field];
  return override !== undefined ? [override] : (KNOWN[table] as Record<CrmField<T>, string[]>)[field];
}
