/**
 * The administrators' allow and block patterns (settings.automatedMail), compiled once per rule
 * context so that each message costs a few set lookups. Sender patterns match the author (From,
 * else Sender): an exact address, a domain with its subdomains, or a local part at any domain.
 * Details name domains and header names only, never an address.
 */
import type { AutomatedMailSettings } from '../../../src-shared/settings.js';
import { domainAndParents, domainOf, normaliseAddress, normaliseDomain } from '../address.js';
import type { HeaderIndex } from './header-index.js';

type PatternList = AutomatedMailSettings['allow'];

export type CompiledPatterns = {
  addresses: ReadonlySet<string>;
  domains: ReadonlySet<string>;
  localParts: ReadonlySet<string>;
  headers: readonly { name: string; contains: string | null }[];
};

export const NO_PATTERNS: CompiledPatterns = Object.freeze({ addresses: new Set<string>(), domains: new Set<string>(), localParts: new Set<string>(), headers: [] });

export function compilePatterns(list: PatternList): CompiledPatterns {
  const addresses = new Set<string>();
  const domains = new Set<string>();
  const localParts = new Set<string>();
  for (const raw of list.senders) {
    if (raw.endsWith('@*')) localParts.add(raw.slice(0, -2).toLowerCase());
    else if (raw.includes('@')) {
      const address = normaliseAddress(raw);
      if (address !== null) addresses.add(address);
    } else {
      const domain = normaliseDomain(raw);
      if (domain !== null) domains.add(domain);
    }
  }
  const headers = list.headers.map((rule) => ({ name: rule.name.toLowerCase(), contains: rule.contains?.toLowerCase() ?? null }));
  return Object.freeze({ addresses, domains, localParts, headers: Object.freeze(headers) });
}

/** A detail naming what matched (a domain or a header name), or null. */
export function matchPatterns(patterns: CompiledPatterns, sender: string | null, headers: HeaderIndex): string | null {
  if (sender !== null) {
    const domain = domainOf(sender);
    if (patterns.addresses.has(sender)) return `a sender address in ${domain}`;
    for (const candidate of domainAndParents(domain)) {
      if (patterns.domains.has(candidate)) return `the sender domain ${candidate}`;
    }
    if (patterns.localParts.size > 0 && patterns.localParts.has(sender.slice(0, sender.lastIndexOf('@')))) {
      return `a sender local-part pattern (domain ${domain})`;
    }
  }
  for (const rule of patterns.headers) {
    const value = headers.first(rule.name);
    if (value === null) continue;
    if (rule.contains === null || value.toLowerCase().includes(rule.contains)) return `a rule on the ${rule.name} header`;
  }
  return null;
}
