/**
 * Every sensitive identifier in a text, of the kinds asked for, in text order and without
 * overlaps (the earlier span wins), and the text with each one replaced by its mask. The mask
 * names the kind only: the original never survives masking, in part or in whole.
 */
import type { SensitiveContentKind } from '../../../src-shared/capture-policy.js';
import { findIbans } from './iban.js';
import type { IdentifierDetector, IdentifierSpan } from './identifier-span.js';
import { findPaymentCards } from './payment-card.js';
import { findUsSsns } from './us-ssn.js';

const DETECTORS: Readonly<Record<SensitiveContentKind, IdentifierDetector>> = {
  paymentCard: findPaymentCards,
  iban: findIbans,
  usSsn: findUsSsns,
};

export const MASKS: Readonly<Record<SensitiveContentKind, string>> = {
  paymentCard: '[card number removed]',
  iban: '[IBAN removed]',
  usSsn: '[SSN removed]',
};

/** Cheap pre-check: every kind needs at least this run of digits (an IBAN's check digits and BBAN, a card, an SSN's area). */
const SOME_DIGITS = /\d\d/;

export function findIdentifiers(text: string, kinds: readonly SensitiveContentKind[]): IdentifierSpan[] {
  if (kinds.length === 0 || !SOME_DIGITS.test(text)) return [];
  const spans = kinds.flatMap((kind) => DETECTORS[kind](text)).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: IdentifierSpan[] = [];
  for (const span of spans) if (out.length === 0 || span.start >= out[out.length - 1]!.end) out.push(span);
  return out;
}

/** The text with each span replaced by the mask of its kind. */
export function maskIdentifiers(text: string, spans: readonly IdentifierSpan[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + MASKS[span.kind];
    at = span.end;
  }
  return out + text.slice(at);
}
