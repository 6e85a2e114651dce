/**
 * Sensitive content (issue 18, point 3): payment card numbers, IBANs and US social security
 * numbers in the subject or the plain-text body (sensitive-content/). Per kind the administrator
 * chooses: skip the message, or import it with each identifier masked. It runs on the captured
 * email, after HTML was converted, and returns a new one: the masked subject and body are the
 * only ones that reach the store, the search index (built from the store) or any reason; the
 * message key is recomputed from them when it is a content fingerprint. Reasons give counts and
 * kinds, never a digit of the identifiers.
 */
import type { SensitiveContentKind } from '../../src-shared/capture-policy.js';
import type { CapturedEmail, Reason } from '../../src-shared/domain.js';
import type { CapturePolicy } from './capture-policy.js';
import { messageKeyOf } from './message-key.js';
import { findIdentifiers, maskIdentifiers } from './sensitive-content/find-identifiers.js';
import type { IdentifierSpan } from './sensitive-content/identifier-span.js';

export type SensitiveContentOutcome = { skip: Reason } | { skip: null; email: CapturedEmail; notes: Reason[] };

const NAMES: Readonly<Record<SensitiveContentKind, [string, string]>> = {
  paymentCard: ['payment card number (Luhn-checked)', 'payment card numbers'],
  iban: ['IBAN (mod-97-checked)', 'IBANs'],
  usSsn: ['US social security number', 'US social security numbers'],
};

function countsByKind(spans: readonly IdentifierSpan[]): Map<SensitiveContentKind, number> {
  const counts = new Map<SensitiveContentKind, number>();
  for (const span of spans) counts.set(span.kind, (counts.get(span.kind) ?? 0) + 1);
  return counts;
}

function describe(counts: Map<SensitiveContentKind, number>): string {
  return [...counts].map(([kind, n]) => `${n} ${n === 1 ? NAMES[kind][0] : NAMES[kind][1]}`).join(', ');
}

export function applySensitiveContent(email: CapturedEmail, policy: CapturePolicy): SensitiveContentOutcome {
  const inSubject = findIdentifiers(email.subject, policy.contentKinds);
  const inBody = findIdentifiers(email.bodyText, policy.contentKinds);
  if (inSubject.length === 0 && inBody.length === 0) return { skip: null, email, notes: [] };
  const counts = countsByKind([...inSubject, ...inBody]);
  const skipped = [...counts.keys()].filter((kind) => policy.skipContent.has(kind));
  if (skipped.length > 0) {
    const which = skipped.map((kind) => NAMES[kind][1]).join(' and ');
    return { skip: { code: 'sensitive-content', detail: `the message holds ${describe(counts)}; mail with ${which} is not imported` } };
  }
  const subject = maskIdentifiers(email.subject, inSubject);
  const bodyText = maskIdentifiers(email.bodyText, inBody);
  const fields = { ...email, subject, bodyText };
  const masked: CapturedEmail = { ...fields, messageKey: messageKeyOf(fields) };
  return { skip: null, email: masked, notes: [{ code: 'sensitive-content-masked', detail: `masked in the stored subject and body: ${describe(counts)}` }] };
}
