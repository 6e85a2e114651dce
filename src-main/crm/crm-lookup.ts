/**
 * What the rule pipeline (and later the assignment step) asks of the CRM. An interface so that the
 * rules stay pure and tests can hand in a fake; `CrmIndex` is the in-memory implementation.
 *
 * Every argument must already be normalised with `normaliseAddress` / `normaliseDomain`
 * (src-main/rules/address.ts): the lookups are plain map reads, and the pipeline normalises each
 * participant once rather than once per lookup.
 */
import type { CrmAccount, CrmContact, CrmLead, CrmOpportunity, CrmUser } from '@correspondent/contract';

/** The account domain a participant's domain matched, and the accounts that list it. */
export type AccountDomainMatch = {
  /** The account domain that matched: the participant's domain itself or its nearest parent. */
  accountDomain: string;
  /** Sorted, never empty. */
  accountIds: readonly string[];
};

export interface CrmLookup {
  /** Contacts whose email is exactly this address (a CRM may hold duplicates). */
  contactsByAddress(address: string): readonly CrmContact[];
  /** Leads whose email is exactly this address. */
  leadsByAddress(address: string): readonly CrmLead[];
  /**
   * The accounts whose domain is `domain` or, failing that, its nearest parent domain
   * (mail.customer.example matches an account of customer.example unless mail.customer.example is
   * itself some account's domain). Free-mail and ISP domains never match: null. An account domain
   * that is a public suffix (co.uk, github.io) matches only itself, never a subdomain.
   */
  accountsByDomain(domain: string): AccountDomainMatch | null;
  account(accountId: string): CrmAccount | undefined;
  userByAddress(address: string): CrmUser | undefined;
  /** All opportunities of an account, open and closed, in snapshot order. */
  opportunitiesByAccount(accountId: string): readonly CrmOpportunity[];
  /** Open (not closed) opportunities the user owns, in snapshot order. */
  openOpportunitiesByOwner(userId: string): readonly CrmOpportunity[];
}
