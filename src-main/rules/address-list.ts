/**
 * An RFC 5322 address-list header value (section 3.4) split into its mailboxes: display names
 * (quoted, encoded words, comments), angle-addrs, bare addr-specs with comments, and groups
 * (`Team: a@x, b@y;`, `undisclosed-recipients:;`) whose members are listed like any other. Each
 * element keeps its address text as written, for address.ts to read; an element with no address
 * at all keeps its text, so the pipeline reports it instead of it vanishing. mailparser's own
 * address parser loses quoted local parts and nested comments, hence this one for .eml files.
 */
import { decodeEncodedWords } from './encoded-words.js';

export type ListedMailbox = { name: string; address: string };

/** Splits at top-level separators, keeping quotes, comments, angle brackets and literals whole. */
function splitTopLevel(value: string): { text: string; end: ',' | ':' | ';' | null }[] {
  const parts: { text: string; end: ',' | ':' | ';' | null }[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  let angle = false;
  let literal = false;
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i]!;
    if (quoted) {
      current += char;
      if (char === '\\' && i + 1 < value.length) current += value[++i];
      else if (char === '"') quoted = false;
      continue;
    }
    if (depth > 0) {
      current += char;
      if (char === '\\' && i + 1 < value.length) current += value[++i];
      else if (char === '(') depth += 1;
      else if (char === ')') depth -= 1;
      continue;
    }
    if (char === '"') quoted = true;
    else if (char === '(') depth = 1;
    else if (char === '<') angle = true;
    else if (char === '>') angle = false;
    else if (char === '[') literal = true;
    else if (char === ']') literal = false;
    else if (!angle && !literal && (char === ',' || char === ':' || char === ';')) {
      parts.push({ text: current, end: char });
      current = '';
      continue;
    }
    current += char;
  }
  parts.push({ text: current, end: null });
  return parts;
}

/** The text of the first top-level comment, as a display name stand-in (`a@x (Alice)`). */
function commentOf(text: string): string {
  const match = /\(((?:[^()\\]|\\.)*)\)/.exec(text.replace(/"(?:[^"\\]|\\.)*"/g, ''));
  return match ? match[1]!.replace(/\\(.)/g, '$1').trim() : '';
}

function displayName(raw: string): string {
  const withoutComments = raw.replace(/\((?:[^()\\]|\\.)*\)/g, ' ');
  const unquoted = withoutComments.replace(/"((?:[^"\\]|\\.)*)"/g, (_m, inner: string) => inner.replace(/\\(.)/g, '$1'));
  return decodeEncodedWords(unquoted.replace(/\s+/g, ' ').trim());
}

/** Where the angle-addr starts: the first `<` outside quotes and comments, or -1. */
function angleStart(text: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '\\') i += 1;
    else if (quoted) quoted = char !== '"';
    else if (char === '"' && depth === 0) quoted = true;
    else if (char === '(') depth += 1;
    else if (char === ')' && depth > 0) depth -= 1;
    else if (char === '<' && depth === 0) return i;
  }
  return -1;
}

function mailboxOf(text: string): ListedMailbox | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const open = angleStart(trimmed);
  if (open >= 0) return { name: displayName(trimmed.slice(0, open)), address: trimmed.slice(open) };
  return { name: decodeEncodedWords(commentOf(trimmed)), address: trimmed };
}

export function parseAddressList(value: string): ListedMailbox[] {
  const out: ListedMailbox[] = [];
  for (const part of splitTopLevel(value.replace(/\r?\n[ \t]/g, ' '))) {
    // `Team:` opens a group: its display name is not a mailbox; its members follow until `;`.
    if (part.end === ':') continue;
    const mailbox = mailboxOf(part.text);
    if (mailbox) out.push(mailbox);
  }
  return out;
}
