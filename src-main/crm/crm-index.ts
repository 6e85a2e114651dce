/**
 * The CRM directory held in memory for the sync: every lookup the pipeline makes per participant is
 * one Map read, so evaluating thousands of messages never scans the CRM. Built once per snapshot
 * (the CRM changes rarely; rebuild on import).
 *
 * Keys are normalised once here (src-main/rules/address.ts). CRM rows whose email or domain is not
 * usable are left out of the maps rather than failing the build: one bad row in a customer's CRM
 * must not stop the sync.
 *
 * Subdomains: a participant at mail.customer.example matches an account of customer.example (mail
 * from a company's subdomains is that company's mail, as for blocked and organisation domains).
 * The nearest account domain wins, so an account that owns eu.customer.example is preferred for
 * mail from eu.customer.example. Free-mail/ISP domains are never account domains.
 *
 * Public suffixes: an account that lists a public suffix (co.uk, com.au, github.io: the Public
 * Suffix List via tldts, private section included) matches that exact domain only, never its
 * subdomains, or one bad CRM row would claim every company under .co.uk.
 */
import { getPublicSuffix } from 'tldts';
import { domainAndParents, normaliseAddress, normaliseDomain } from '../rules/address.js';
import type { AccountDomainMatch, CrmLookup } from './crm-lookup.js';
import type { CrmAccount, CrmContact, CrmLead, CrmOpportunity, CrmSnapshot, CrmUser } from '@correspondent/contract';
import { isFreeMailDomain } from './free-mail-domains.js';

const NONE: readonly never[] = Object.freeze([]);

export type CrmIndexOptions = {
  /** Defaults to the shipped list (free-mail-domains.ts). */
  isFreeMailDomain?: (domain: string) => boolean;
};

/** True when the domain is itself a public suffix (ICANN or private section). */
export function isPublicSuffix(domain: string): boolean {
  return getPublicSuffix(domain, { allowPrivateDomains: true }) === domain;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexByAddress<T extends { email: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const address = normaliseAddress(row.email);
    if (address !== null) push(map, address, row);
  }
  return map;
}

export class CrmIndex implements CrmLookup {
  private constructor(
    private readonly contacts: ReadonlyMap<string, readonly CrmContact[]>,
    private readonly leads: ReadonlyMap<string, readonly CrmLead[]>,
    private readonly accountsByDomainMap: ReadonlyMap<string, AccountDomainMatch>,
    private readonly accounts: ReadonlyMap<string, CrmAccount>,
    private readonly users: ReadonlyMap<string, CrmUser>,
    private readonly opportunitiesOfAccount: ReadonlyMap<string, readonly CrmOpportunity[]>,
    private readonly openOpportunitiesOfOwner: ReadonlyMap<string, readonly CrmOpportunity[]>,
    private readonly isFreeMail: (domain: string) => boolean,
    /** Account domains that are public suffixes: matched exactly, never as a parent. */
    private readonly exactOnly: ReadonlySet<string>,
  ) {}

  static fromSnapshot(snapshot: CrmSnapshot, options: CrmIndexOptions = {}): CrmIndex {
    const freeMail = options.isFreeMailDomain ?? isFreeMailDomain;

    const accounts = new Map<string, CrmAccount>();
    const idsByDomain = new Map<string, Set<string>>();
    for (const account of snapshot.accounts) {
      if (!accounts.has(account.id)) accounts.set(account.id, account);
      for (const raw of account.domains) {
        const domain = normaliseDomain(raw);
        if (domain === null || freeMail(domain)) continue;
        const ids = idsByDomain.get(domain) ?? new Set<string>();
        ids.add(account.id);
        idsByDomain.set(domain, ids);
      }
    }
    const accountsByDomain = new Map<string, AccountDomainMatch>();
    const exactOnly = new Set<string>();
    for (const [accountDomain, ids] of idsByDomain) {
      accountsByDomain.set(accountDomain, Object.freeze({ accountDomain, accountIds: Object.freeze([...ids].sort()) }));
      if (isPublicSuffix(accountDomain)) exactOnly.add(accountDomain);
    }

    const users = new Map<string, CrmUser>();
    for (const user of snapshot.users) {
      const address = normaliseAddress(user.email);
      if (address !== null && !users.has(address)) users.set(address, user);
    }

    const byAccount = new Map<string, CrmOpportunity[]>();
    const openByOwner = new Map<string, CrmOpportunity[]>();
    for (const opportunity of snapshot.opportunities) {
      push(byAccount, opportunity.accountId, opportunity);
      if (!opportunity.isClosed) push(openByOwner, opportunity.ownerUserId, opportunity);
    }

    return new CrmIndex(
      indexByAddress(snapshot.contacts),
      indexByAddress(snapshot.leads),
      accountsByDomain,
      accounts,
      users,
      byAccount,
      openByOwner,
      freeMail,
      exactOnly,
    );
  }

  contactsByAddress(address: string): readonly CrmContact[] {
    return this.contacts.get(address) ?? NONE;
  }

  leadsByAddress(address: string): readonly CrmLead[] {
    return this.leads.get(address) ?? NONE;
  }

  accountsByDomain(domain: string): AccountDomainMatch | null {
    if (this.isFreeMail(domain)) return null;
    for (const candidate of domainAndParents(domain)) {
      if (candidate !== domain && this.exactOnly.has(candidate)) continue;
      const match = this.accountsByDomainMap.get(candidate);
      if (match) return match;
    }
    return null;
  }

  account(accountId: string): CrmAccount | undefined {
    return this.accounts.get(accountId);
  }

  userByAddress(address: string): CrmUser | undefined {
    return this.users.get(address);
  }

  opportunitiesByAccount(accountId: string): readonly CrmOpportunity[] {
    return this.opportunitiesOfAccount.get(accountId) ?? NONE;
  }

  openOpportunitiesByOwner(userId: string): readonly CrmOpportunity[] {
    return this.openOpportunitiesOfOwner.get(userId) ?? NONE;
  }
}
