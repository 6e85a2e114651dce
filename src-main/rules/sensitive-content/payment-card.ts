/**
 * Payment card numbers (PANs): 13-19 digits, written as one run or in the groups card issuers
 * print (4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4) with one kind of separator; an issuer
 * prefix whose length fits (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay); and the Luhn
 * check. Each condition removes a class of false positives that real mail is full of: phone
 * numbers (a leading `+`, other groupings), tracking codes (longer runs, letters), order numbers
 * (a label in front, identifier-span.ts).
 */
import { type IdentifierSpan, isLabelledReference } from './identifier-span.js';
import { passesLuhn } from './luhn.js';

/** Digits with single spaces or dashes between them, not inside a longer word or number. */
const CANDIDATE = /(?<![\p{L}\p{N}+\-_/.,#@])\d(?:[ -]?\d){12,18}(?![\p{L}\p{N}\-_/@]|[.,]\d)/gu;

const GROUPINGS = new Set(['4-4-4-4', '4-4-4-4-3', '4-6-5', '4-6-4']);

type Brand = { prefix: (digits: string) => boolean; lengths: readonly number[] };

const between = (digits: string, length: number, low: number, high: number): boolean => {
  const value = Number(digits.slice(0, length));
  return value >= low && value <= high;
};

const BRANDS: readonly Brand[] = [
  { prefix: (d) => d.startsWith('4'), lengths: [13, 16, 19] }, // Visa
  { prefix: (d) => between(d, 2, 51, 55) || between(d, 4, 2221, 2720), lengths: [16] }, // Mastercard
  { prefix: (d) => d.startsWith('34') || d.startsWith('37'), lengths: [15] }, // American Express
  { prefix: (d) => d.startsWith('6011') || d.startsWith('65') || between(d, 3, 644, 649), lengths: [16, 17, 18, 19] }, // Discover
  { prefix: (d) => between(d, 4, 3528, 3589), lengths: [16, 17, 18, 19] }, // JCB
  { prefix: (d) => d.startsWith('36') || between(d, 3, 300, 305) || d.startsWith('38') || d.startsWith('39'), lengths: [14, 15, 16] }, // Diners Club
  { prefix: (d) => d.startsWith('62'), lengths: [16, 17, 18, 19] }, // UnionPay
];

function groupingOf(candidate: string): string | null {
  if (/^\d+$/.test(candidate)) return null;
  const separators = new Set(candidate.replace(/\d/g, ''));
  if (separators.size !== 1) return 'mixed';
  return candidate.split(/[ -]/).map((group) => group.length).join('-');
}

function isCardNumber(candidate: string): boolean {
  const grouping = groupingOf(candidate);
  if (grouping !== null && !GROUPINGS.has(grouping)) return false;
  const digits = candidate.replace(/[ -]/g, '');
  if (/^(\d)\1+$/.test(digits)) return false;
  if (!BRANDS.some((brand) => brand.lengths.includes(digits.length) && brand.prefix(digits))) return false;
  return passesLuhn(digits);
}

export function findPaymentCards(text: string): IdentifierSpan[] {
  const spans: IdentifierSpan[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    if (isCardNumber(match[0]) && !isLabelledReference(text, start)) spans.push({ kind: 'paymentCard', start, end: start + match[0].length });
  }
  return spans;
}
