/**
 * The one normalisation of an exclusion entry, used by the console's editor, the CSV import, the
 * store and the rules alike, so an entry matches exactly what it says: an address in any spelling
 * RFC 5322/6531 allow (address.ts), a domain (and with it its subdomains; a leading `@` or `*.` is
 * accepted and dropped), or a subject term (NFC, lower case, white space collapsed). A mailbox
 * scope is an address too; null is the whole organisation.
 */
import { MAX_SUBJECT_TERM_CHARS, type ExclusionEntry, type ExclusionInput } from '../../src-shared/capture-policy.js';
import { normaliseAddress, normaliseDomain } from './address.js';

export type ExclusionParse = { ok: true; entry: ExclusionEntry } | { ok: false; reason: string };

/** A subject term as it is matched: NFC, lower case, one space between words; null when it has no letter or digit. */
export function normaliseSubjectTerm(raw: string): string | null {
  const term = raw.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
  if (term.length === 0 || term.length > MAX_SUBJECT_TERM_CHARS || !/[\p{L}\p{N}]/u.test(term)) return null;
  return term;
}

function normaliseValue(kind: ExclusionEntry['kind'], raw: string): string | null {
  if (kind === 'address') return normaliseAddress(raw);
  if (kind === 'domain') return normaliseDomain(raw.trim().replace(/^(?:@|\*\.)/, ''));
  return normaliseSubjectTerm(raw);
}

const PROBLEM: Record<ExclusionEntry['kind'], string> = {
  address: 'is not an email address',
  domain: 'is not a domain name such as example.com',
  subject: `must be a word or phrase of at most ${MAX_SUBJECT_TERM_CHARS} characters`,
};

export function normaliseExclusion(input: ExclusionInput): ExclusionParse {
  const value = normaliseValue(input.kind, input.value);
  if (value === null) return { ok: false, reason: `${input.kind} ${JSON.stringify(input.value.slice(0, 80))} ${PROBLEM[input.kind]}` };
  const rawMailbox = input.mailbox ?? null;
  const mailbox = rawMailbox === null || rawMailbox.trim() === '' ? null : normaliseAddress(rawMailbox);
  if (rawMailbox !== null && rawMailbox.trim() !== '' && mailbox === null) {
    return { ok: false, reason: `mailbox ${JSON.stringify(rawMailbox.slice(0, 80))} is not an email address` };
  }
  return { ok: true, entry: { kind: input.kind, value, mailbox } };
}

/** A key that is equal for two entries that mean the same (duplicates are refused by the store). */
export function exclusionKey(entry: ExclusionEntry): string {
  return `${entry.kind}\u0000${entry.mailbox ?? ''}\u0000${entry.value}`;
}
