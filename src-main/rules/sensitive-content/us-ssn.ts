/**
 * US social security numbers in their strict printed form only: AAA-GG-SSSS with dashes. No
 * checksum exists, so the format is the evidence: area 001-899 except 666, group 01-99, serial
 * 0001-9999, not inside a longer number, and not one of the numbers the SSA published as
 * examples. Nine bare digits or space-separated groups are not matched: European phone numbers
 * (`089 12 3456`) and order numbers look exactly like that.
 */
import type { IdentifierSpan } from './identifier-span.js';

const CANDIDATE = /(?<![\p{L}\p{N}\-_/.,#+])(\d{3})-(\d{2})-(\d{4})(?![\p{L}\p{N}\-_/]|[.,]\d)/gu;

/** Published as examples (the Woolworth wallet card, SSA pamphlets): never a person's number. */
const PUBLISHED_EXAMPLES = new Set(['078-05-1120', '219-09-9999', '123-45-6789']);

function isSsn(area: string, group: string, serial: string, whole: string): boolean {
  const areaNumber = Number(area);
  if (areaNumber === 0 || areaNumber === 666 || areaNumber >= 900) return false;
  if (group === '00' || serial === '0000') return false;
  return !PUBLISHED_EXAMPLES.has(whole) && !(area === '987' && group === '65');
}

export function findUsSsns(text: string): IdentifierSpan[] {
  const spans: IdentifierSpan[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    if (isSsn(match[1]!, match[2]!, match[3]!, match[0])) spans.push({ kind: 'usSsn', start: match.index, end: match.index + match[0].length });
  }
  return spans;
}
