/**
 * The one definition of a normalised address and domain. Graph, the CRM and the settings spell the
 * same mailbox in different ways (case, stray spaces, comments, quotes, Unicode or punycode
 * domains, a trailing dot); every comparison in the pipeline and the CRM index goes through these
 * functions, so two spellings of one address are always equal. Every form RFC 5322 and RFC 6531
 * allow is read (addr-spec.ts); what is not an address at all is null, and the pipeline reports it
 * (participants.ts) rather than letting it vanish.
 */
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { parseAddrSpec } from './addr-spec.js';

/** RFC 5321 4.5.3.1.1 (octets; RFC 6531 counts the UTF-8 octets of a local part). */
const MAX_LOCAL_PART_OCTETS = 64;
const MAX_DOMAIN = 253;
/** Longer input is not one address (RFC 5321: a path of at most 256 octets), whatever it holds. */
const MAX_INPUT_CHARS = 2048;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

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
 * `local@domain` with the local part canonical (lower case, NFC, unquoted where quotes add nothing;
 * addr-spec.ts) and the domain in ASCII (or an address literal such as `[192.0.2.1]`), or null when
 * the value is not an address (no `@`, an Exchange X.500 path, a dotless or malformed domain, a
 * local part RFC 5322/6531 does not allow).
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

/** `[192.0.2.1]` or `[IPv6:...]` (RFC 5321 4.1.3), canonical, or null. */
function normaliseAddressLiteral(literal: string): string | null {
  const inner = literal.slice(1, -1);
  if (IPV4.test(inner)) return `[${inner}]`;
  const ipv6 = /^ipv6:([0-9a-f:.]+)$/i.exec(inner);
  if (ipv6 && ipv6[1]!.includes(':')) return `[IPv6:${ipv6[1]!.toLowerCase()}]`;
  return null;
}

function normaliseAddressUncached(raw: string): string | null {
  if (raw.length > MAX_INPUT_CHARS) return null;
  const parts = parseAddrSpec(raw);
  if (parts === null) return null;
  if (Buffer.byteLength(parts.local, 'utf8') > MAX_LOCAL_PART_OCTETS) return null;
  const domain = parts.domain.startsWith('[') ? normaliseAddressLiteral(parts.domain) : normaliseDomain(parts.domain);
  return domain === null ? null : `${parts.local}@${domain}`;
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

/**
 * The member of `domains` that `domain` equals or is a subdomain of (the nearest one), or null.
 * The same walk as domainAndParents, without a generator: it runs for every participant against
 * the organisation's domains and the exclusion lists.
 */
export function findDomainOrParent(domain: string, domains: ReadonlySet<string>): string | null {
  if (domains.size === 0) return null;
  let start = 0;
  for (;;) {
    const candidate = start === 0 ? domain : domain.slice(start);
    if (domains.has(candidate)) return candidate;
    const dot = domain.indexOf('.', start);
    if (dot < 0) return null;
    start = dot + 1;
  }
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
