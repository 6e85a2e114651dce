/**
 * The sObjects and fields the simulated org has, as a describe would list them: standard fields
 * of Account, Contact, Lead, Opportunity and User that Correspondent reads, plus two custom fields
 * of this org (an account's extra domains, a user's opt-in checkbox) so that field mappings can
 * name custom fields. A SOQL query naming any other field fails with INVALID_FIELD, as Salesforce's.
 */
export type SfObjectName = 'Account' | 'Contact' | 'Lead' | 'Opportunity' | 'User';
export const SF_OBJECTS: readonly SfObjectName[] = ['Account', 'Contact', 'Lead', 'Opportunity', 'User'];

export type FieldType = 'id' | 'string' | 'boolean' | 'datetime' | 'date' | 'currency' | 'reference';

const common: Record<string, FieldType> = { Id: 'id', IsDeleted: 'boolean', CreatedDate: 'datetime', SystemModstamp: 'datetime', LastModifiedDate: 'datetime' };

export const SF_FIELDS: Record<SfObjectName, Record<string, FieldType>> = {
  Account: { ...common, Name: 'string', Website: 'string', Domains__c: 'string', OwnerId: 'reference' },
  Contact: { ...common, FirstName: 'string', LastName: 'string', Name: 'string', Email: 'string', AccountId: 'reference' },
  Lead: { ...common, FirstName: 'string', LastName: 'string', Name: 'string', Email: 'string', Company: 'string', IsConverted: 'boolean', Status: 'string' },
  Opportunity: {
    ...common,
    Name: 'string',
    AccountId: 'reference',
    OwnerId: 'reference',
    StageName: 'string',
    IsClosed: 'boolean',
    IsWon: 'boolean',
    CloseDate: 'date',
    Amount: 'currency',
  },
  // User is not deletable in Salesforce (users are deactivated), so it has no IsDeleted.
  User: { Id: 'id', CreatedDate: 'datetime', SystemModstamp: 'datetime', LastModifiedDate: 'datetime', Username: 'string', Name: 'string', Email: 'string', IsActive: 'boolean', Correspondent_Opt_In__c: 'boolean' },
};

export function fieldNamed(object: SfObjectName, name: string): string | null {
  const lower = name.toLowerCase();
  // SOQL field names are case-insensitive; results use the describe's spelling.
  return Object.keys(SF_FIELDS[object]).find((f) => f.toLowerCase() === lower) ?? null;
}

export function objectNamed(name: string): SfObjectName | null {
  return SF_OBJECTS.find((o) => o.toLowerCase() === name.toLowerCase()) ?? null;
}
