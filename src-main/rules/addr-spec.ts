/**
 * Reads one mailbox as RFC 5322 (section 3.4) and RFC 6531/6532 allow it to be written, into its
 * local part and domain: a bare addr-spec or an angle-addr with a display name (and an obsolete
 * source route), comments and folding white space around the atoms, a dot-atom local part with
 * UTF-8 characters, a quoted local part, a host name in Unicode or punycode, or an address
 * literal. Graph hands over an `emailAddress.address` string and .eml files come through a lenient
 * parser, so the same text may arrive in any of these spellings; a customer whose local part is
 * `bücher.kunde` must be recognised as a participant, not dropped as unreadable.
 *
 * Canonical form (so that two spellings of one mailbox are equal): the local part in NFC and lower
 * case (the product compares local parts case-insensitively, as Exchange does), unquoted when its
 * content is a valid dot-atom (RFC 5321 4.1.2: `"john"` and `john` are the same), otherwise quoted
 * with only `"` and `\` escaped. The domain is left to the caller (address.ts), which knows IDN.
 */

/** RFC 5322 atext (ASCII); RFC 6532 adds UTF8-non-ascii: any non-ASCII character that is not a control or space. */
const ASCII_ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]$/;
const NON_ASCII_EXCLUDED = /[\p{Cc}\p{Cs}\p{Z}\u2028\u2029\ufeff]/u;

export type AddrSpecParts = { local: string; domain: string };

function isAtext(char: string): boolean {
  if (char.length === 1 && char.charCodeAt(0) < 0x80) return ASCII_ATEXT.test(char);
  return !NON_ASCII_EXCLUDED.test(char);
}

/** True for a dot-atom: atoms of atext separated by single dots, no dot at either end. */
export function isDotAtom(text: string): boolean {
  if (text.length === 0) return false;
  let previousDot = true;
  for (const char of text) {
    if (char === '.') {
      if (previousDot) return false;
      previousDot = true;
    } else if (isAtext(char)) {
      previousDot = false;
    } else {
      return false;
    }
  }
  return !previousDot;
}

type Token = { kind: 'char'; value: string } | { kind: 'quoted'; value: string } | { kind: 'literal'; value: string } | { kind: 'gap' };

/** qtext or quoted-pair content of RFC 5321 qtextSMTP, with RFC 6531's UTF-8: printable, no controls. */
function isQuotedChar(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x80) return code >= 0x20 && code <= 0x7e;
  return !/[\p{Cc}\p{Cs}]/u.test(char);
}

/**
 * Splits the text into characters outside quotes, quoted strings, address literals and "gaps"
 * (folding white space and comments, which RFC 5322 allows between tokens). Null when a quote, a
 * comment or a literal is never closed, or a quoted character is not allowed.
 */
function tokenise(text: string): Token[] | null {
  const tokens: Token[] = [];
  const chars = [...text];
  let i = 0;
  const gap = (): void => {
    if (tokens[tokens.length - 1]?.kind !== 'gap') tokens.push({ kind: 'gap' });
  };
  while (i < chars.length) {
    const char = chars[i]!;
    if (char === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const next = chars[i];
        if (next === undefined) return null;
        if (next === '"') break;
        if (next === '\\') {
          const escaped = chars[i + 1];
          if (escaped === undefined || !isQuotedChar(escaped)) return null;
          value += escaped;
          i += 2;
          continue;
        }
        if (next === '\r' || next === '\n') {
          i += 1; // folding inside a quoted string is not part of its content
          continue;
        }
        if (!isQuotedChar(next) && next !== '\t') return null;
        value += next;
        i += 1;
      }
      tokens.push({ kind: 'quoted', value });
      i += 1;
    } else if (char === '(') {
      let depth = 0;
      for (;;) {
        const next = chars[i];
        if (next === undefined) return null;
        if (next === '\\') i += 1;
        else if (next === '(') depth += 1;
        else if (next === ')' && --depth === 0) break;
        i += 1;
      }
      gap();
      i += 1;
    } else if (char === '[') {
      const end = chars.indexOf(']', i);
      if (end < 0) return null;
      tokens.push({ kind: 'literal', value: chars.slice(i, end + 1).join('').replace(/\s+/g, '') });
      i = end + 1;
    } else if (/\s/u.test(char)) {
      gap();
      i += 1;
    } else {
      tokens.push({ kind: 'char', value: char });
      i += 1;
    }
  }
  return tokens;
}

/** The tokens of the angle-addr when there is one (`Name <a@b>`), without an obsolete route (`<@r1,@r2:a@b>`). */
function addrSpecTokens(tokens: Token[]): Token[] | null {
  const open = tokens.findIndex((t) => t.kind === 'char' && t.value === '<');
  if (open < 0) return tokens.some((t) => t.kind === 'char' && t.value === '>') ? null : tokens;
  const close = tokens.findIndex((t, index) => index > open && t.kind === 'char' && t.value === '>');
  if (close < 0 || tokens.slice(close + 1).some((t) => t.kind !== 'gap')) return null;
  const inner = tokens.slice(open + 1, close);
  const colon = inner.findIndex((t) => t.kind === 'char' && t.value === ':');
  return colon >= 0 && inner[0]?.kind === 'char' && inner[0].value === '@' ? inner.slice(colon + 1) : inner;
}

function isSpecial(token: Token | undefined, value: string): boolean {
  return token?.kind === 'char' && token.value === value;
}

/**
 * Joins tokens into text, dropping gaps next to a dot or `@` (obsolete CFWS around atoms) and at
 * either end. A gap between two word tokens is not allowed (`al ice@x` is not an address).
 */
function joinWithoutGaps(tokens: Token[]): Token[] | null {
  const out: Token[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.kind !== 'gap') {
      out.push(token);
      continue;
    }
    const before = out[out.length - 1];
    const after = tokens[index + 1];
    if (before === undefined || after === undefined) continue;
    if (isSpecial(before, '.') || isSpecial(before, '@') || isSpecial(after, '.') || isSpecial(after, '@')) continue;
    return null;
  }
  return out;
}

/** The canonical local part (see the header), or null when it is not one RFC 5322/6531 allows. */
function canonicalLocal(tokens: Token[]): string | null {
  if (tokens.length === 0) return null;
  let plain = '';
  let quotedSeen = false;
  for (const token of tokens) {
    if (token.kind === 'literal' || token.kind === 'gap') return null;
    if (token.kind === 'quoted') {
      quotedSeen = true;
      plain += token.value;
    } else {
      plain += token.value;
    }
  }
  const normalised = plain.normalize('NFC').toLowerCase();
  if (!quotedSeen) return isDotAtom(normalised) ? normalised : null;
  // obs-local-part: words (atoms or quoted strings) joined by dots. Its content is what counts.
  if (!isObsLocalPart(tokens)) return null;
  if (isDotAtom(normalised)) return normalised;
  return `"${normalised.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** word *("." word), where a word is a run of atext characters or one quoted string. */
function isObsLocalPart(tokens: Token[]): boolean {
  let expectWord = true;
  let inAtom = false;
  for (const token of tokens) {
    if (token.kind === 'quoted') {
      if (!expectWord) return false;
      expectWord = false;
      inAtom = false;
    } else if (token.kind === 'char' && token.value === '.') {
      if (expectWord) return false;
      expectWord = true;
      inAtom = false;
    } else if (token.kind === 'char' && isAtext(token.value)) {
      if (!expectWord && !inAtom) return false;
      expectWord = false;
      inAtom = true;
    } else {
      return false;
    }
  }
  return !expectWord;
}

/**
 * The local part (canonical) and the raw domain of one mailbox, or null when the text is not a
 * mailbox RFC 5322/6531 allows. The domain is returned as written (comments and gaps removed);
 * an address literal keeps its brackets.
 */
export function parseAddrSpec(text: string): AddrSpecParts | null {
  const tokens = tokenise(text);
  if (tokens === null) return null;
  const spec = addrSpecTokens(tokens);
  if (spec === null) return null;
  const joined = joinWithoutGaps(spec);
  if (joined === null) return null;
  let at = -1;
  for (let index = joined.length - 1; index >= 0; index -= 1) {
    if (isSpecial(joined[index], '@')) {
      at = index;
      break;
    }
  }
  if (at <= 0) return null;
  const local = canonicalLocal(joined.slice(0, at));
  if (local === null) return null;
  const domainTokens = joined.slice(at + 1);
  if (domainTokens.length === 1 && domainTokens[0]!.kind === 'literal') return { local, domain: domainTokens[0]!.value };
  if (domainTokens.some((t) => t.kind !== 'char')) return null;
  return { local, domain: domainTokens.map((t) => (t as { value: string }).value).join('') };
}
