/**
 * International Bank Account Numbers (ISO 13616): a country code, two check digits and the
 * country's BBAN, written as one run or in groups of four. A candidate counts only when the
 * country's length and BBAN structure fit and the mod-97 check passes (ibantools, which carries
 * the SWIFT registry's country formats), so a product code that merely starts with two letters
 * and two digits does not.
 */
import { isValidIBAN } from 'ibantools';
import type { IdentifierSpan } from './identifier-span.js';

/** Two capitals, two digits, then 11-30 capitals or digits, optionally in space-separated groups of four. */
const CANDIDATE = /(?<![\p{L}\p{N}\-_/.])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)(?![\p{L}\p{N}\-_/]|[.,]\d)/gu;

export function findIbans(text: string): IdentifierSpan[] {
  const spans: IdentifierSpan[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    if (isValidIBAN(match[0].replace(/ /g, ''))) spans.push({ kind: 'iban', start: match.index, end: match.index + match[0].length });
  }
  return spans;
}
