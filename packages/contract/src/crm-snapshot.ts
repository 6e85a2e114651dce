/**
 * A CRM directory as Correspondent reads it and a simulator serves it: the rows of the CRM tables
 * (filled by `correspondent crm import`, a connector or a customer's ETL) and the input of the
 * in-memory index.
 */
export type CrmAccount = { id: string; name: string; domains: string[] };
export type CrmContact = { id: string; email: string; accountId: string | null; name: string };
export type CrmLead = { id: string; email: string; company: string; name: string };
export type CrmOpportunity = {
  id: string;
  accountId: string;
  ownerUserId: string;
  stage: string;
  isClosed: boolean;
  createdAt: string; // ISO 8601
  closeDate: string | null; // ISO date
  amount: number | null;
};
export type CrmUser = { id: string; email: string; name: string; signedUpAt: string | null; optedIn: boolean };

export type CrmSnapshot = {
  accounts: CrmAccount[];
  contacts: CrmContact[];
  leads: CrmLead[];
  opportunities: CrmOpportunity[];
  users: CrmUser[];
};
