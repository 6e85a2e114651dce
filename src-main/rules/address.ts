/**
 * The one definition of a normalised address and domain. Graph, the CRM and the settings spell the
 * same mailbox in different ways (case, stray spaces, Unicode or punycode domains, a trailing
 * dot); every comparison in the pipeline and the CRM index goes through these functions, so two
 * spellings of one address are always equal and an address that cannot be mail is dropped.
 */
import { domainToASCII } from 'node:url';
import { z } from 'zod';

const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 253;

/** RFC 5321 dot-atom local part with the domain already in ASCII (the WHATWG "valid e-mail" form). */
const asciiAddressSchema = z.email({ pattern: z.regexes.html5Email });

/**
 * Lower case, trimmed, IDN to ASCII (punycode), trailing dot removed. Null when the value is not a
 * plausible internet domain: it needs at least two labels and a top-level label with a letter.
 */
export function normaliseDomain(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  let domain = domainToASCII(raw.trim());
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (domain.length === 0 || domain.length > MAX_DOMAIN) return null;
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (labels.length < 2 || !/[a-z]/.test(tld)) return null;
  if (!asciiAddressSchema.safeParse(`x@${domain}`).success) return null;
  return domain;
}

/**
 * The same few thousand addresses appear on every page of a mailbox, and normalising one costs two
 * regex validations and an IDN conversion (test/bench): the answers are remembered. The function is
 * pure, so a cache changes nothing but the time; it is emptied when full, to bound its memory.
 */
const ADDRESS_CACHE_MAX = 20_000;
const addressCache = new Map<string, string | null>();

/**
 * `local@domain` in lower case with the domain in ASCII, or null when the value is not a usable
 * address (no `@`, an Exchange X.500 path, a quoted or non-ASCII local part, a bad domain).
 */
export function normaliseAddress(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const cached = addressCache.get(raw);
  if (cached !== undefined) return cached;
  const address = normaliseAddressUncached(raw);
  if (addressCache.size >= ADDRESS_CACHE_MAX) addressCache.clear();
  addressCache.set(raw, address);
  return address;
}

function normaliseAddressUncached(raw: string): string | null {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at > MAX_LOCAL_PART) return null;
  const domain = normaliseDomain(trimmed.slice(at + 1));
  if (domain === null) return null;
  const address = `${trimmed.slice(0, at).toLowerCase()}@${domain}`;
  return asciiAddressSchema.safeParse(address).success ? address : null;
}

/** The domain of an address produced by `normaliseAddress`. */
export function domainOf(normalisedAddress: string): string {
  return normalisedAddress.slice(normalisedAddress.lastIndexOf('@') + 1);
}

/** `a.b.example` -> `a.b.example`, `b.example`, `example`: the keys to try for "is or is a subdomain of". */
export function* domainAndParents(domain: string): Generator<string> {
  let rest = domain;
  for (;;) {
    yield rest;
    const dot = rest.indexOf('.');
    if (dot < 0) return;
    rest = rest.slice(dot + 1);
  }
}

/** The member of `domains` that `domain` equals or is a subdomain of (the nearest one), or null. */
export function findDomainOrParent(domain: string, domains: ReadonlySet<string>): string | null {
  for (const candidate of domainAndParents(domain)) {
    if (domains.has(candidate)) return candidate;
  }
  return null;
}

/** Normalises a list of domains, dropping invalid ones and duplicates (kept in first-seen order). */
export function normaliseDomains(raw: Iterable<unknown>): string[] {
  const out = new Set<string>();
  for (const value of raw) {
    const domain = normaliseDomain(value);
    if (domain !== null) out.add(domain);
  }
  return [...out];
}
