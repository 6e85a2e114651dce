/**
 * Late match (issue 6, point 3): when the CRM gains an account domain, a contact or a lead, mail
 * already read and skipped as no-crm-match may now qualify. Nothing unmatched is kept in the
 * meantime, so the mailboxes are re-read from Graph for the lookback window; only messages with a
 * participant matching one of the NEW keys are decided again (dedup absorbs what is stored).
 * Pure functions: the diff of two CRM snapshots and the participant filter.
 */
import type { CrmSnapshot } from '@correspondent/contract';
import { domainOf, isAddressWithin, normaliseAddress, normaliseDomain } from '../rules/pipeline.js';
import type { LateMatchKeys } from '../store/sync-state-store.js';

function addressesOf(snapshot: Pick<CrmSnapshot, 'contacts' | 'leads'>): Set<string> {
  const set = new Set<string>();
  for (const row of [...snapshot.contacts, ...snapshot.leads]) {
    const address = normaliseAddress(row.email);
    if (address) set.add(address);
  }
  return set;
}

function domainsOf(snapshot: Pick<CrmSnapshot, 'accounts'>): Set<string> {
  const set = new Set<string>();
  for (const account of snapshot.accounts) {
    for (const raw of account.domains) {
      const domain = normaliseDomain(raw);
      if (domain) set.add(domain);
    }
  }
  return set;
}

/** Every match key of a CRM snapshot: account domains, contact and lead addresses (sorted). */
export function matchKeysOf(snapshot: Pick<CrmSnapshot, 'accounts' | 'contacts' | 'leads'>): LateMatchKeys {
  return { domains: [...domainsOf(snapshot)].sort(), addresses: [...addressesOf(snapshot)].sort() };
}

/** Keys in `after` that `before` did not have (removed keys need no re-read). */
export function addedKeys(before: LateMatchKeys, after: LateMatchKeys): LateMatchKeys {
  const oldDomains = new Set(before.domains);
  const oldAddresses = new Set(before.addresses);
  return { domains: after.domains.filter((d) => !oldDomains.has(d)), addresses: after.addresses.filter((a) => !oldAddresses.has(a)) };
}

/** Match keys in `after` that `before` did not have (removed keys need no re-read). */
export function addedMatchKeys(before: Pick<CrmSnapshot, 'accounts' | 'contacts' | 'leads'>, after: Pick<CrmSnapshot, 'accounts' | 'contacts' | 'leads'>): LateMatchKeys {
  const oldDomains = domainsOf(before);
  const oldAddresses = addressesOf(before);
  return {
    domains: [...domainsOf(after)].filter((d) => !oldDomains.has(d)).sort(),
    addresses: [...addressesOf(after)].filter((a) => !oldAddresses.has(a)).sort(),
  };
}

export function isEmptyKeys(keys: LateMatchKeys): boolean {
  return keys.domains.length === 0 && keys.addresses.length === 0;
}

function participantAddresses(raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  const add = (value: unknown) => {
    const address = (value as { emailAddress?: { address?: unknown } } | null)?.emailAddress?.address;
    if (typeof address === 'string') out.push(address);
  };
  add(raw['from']);
  add(raw['sender']);
  for (const field of ['toRecipients', 'ccRecipients']) {
    const list = raw[field];
    if (Array.isArray(list)) list.forEach(add);
  }
  return out;
}

/** A filter for raw Graph messages: true when a From, Sender, To or Cc participant matches a key. */
export function participantFilter(keys: LateMatchKeys): (raw: Record<string, unknown>) => boolean {
  const addresses = new Set(keys.addresses);
  const domains = new Set(keys.domains);
  return (raw) =>
    participantAddresses(raw).some((address) => {
      const normalised = normaliseAddress(address);
      if (!normalised) return false;
      return addresses.has(normalised) || (domains.size > 0 && (domains.has(domainOf(normalised)) || isAddressWithin(normalised, domains)));
    });
}
