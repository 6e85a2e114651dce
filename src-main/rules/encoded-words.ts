/**
 * RFC 2047 encoded words in display names (`=?utf-8?q?B=C3=BCcher?=`), and RFC 6532 raw UTF-8 in
 * header fields: what an .eml file's From, To and Cc carry besides the addresses. Charsets are
 * whatever the platform's TextDecoder knows; an encoded word it cannot decode is left as written.
 */
const ENCODED_WORD = /=\?([^?\s]+)\?([bqBQ])\?([^?\s]*)\?=/g;
/** Folding white space between two encoded words is not part of the text (RFC 2047 6.2). */
const BETWEEN_WORDS = /(\?=)\s+(?==\?)/g;

function bytesOfQ(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '_') out.push(0x20);
    else if (char === '=' && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(char.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(out);
}

export function decodeEncodedWords(text: string): string {
  return text.replace(BETWEEN_WORDS, '$1').replace(ENCODED_WORD, (whole, charset: string, encoding: string, data: string) => {
    try {
      const bytes = encoding.toLowerCase() === 'b' ? Uint8Array.from(Buffer.from(data, 'base64')) : bytesOfQ(data);
      return new TextDecoder(charset.split('*')[0]!.toLowerCase(), { fatal: true }).decode(bytes);
    } catch {
      return whole;
    }
  });
}

/**
 * A raw header line as mailparser hands it over (one byte per character) read as UTF-8 when it is
 * valid UTF-8 (RFC 6532), else as the bytes were (legacy Latin-1 headers).
 */
export function headerLineText(line: string): string {
  if (!/[\u0080-\u00ff]/.test(line)) return line;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(line, 'latin1'));
  } catch {
    return line;
  }
}
