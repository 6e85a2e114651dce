/**
 * The date a message was received, from its Received header fields (RFC 5322 3.6.7: each ends
 * with `; date-time`), for .eml files that carry no Date header: the newest one is when the last
 * hop - the organisation's own server - took it in. Folded lines, comments such as `(PST)` and
 * obsolete zone names are tolerated; a field whose date cannot be read is passed over.
 */
const COMMENT = /\([^()]*\)/g;

function receivedAt(value: string): number | null {
  const semicolon = value.lastIndexOf(';');
  if (semicolon < 0) return null;
  const text = value.slice(semicolon + 1).replace(/\s+/g, ' ').replace(COMMENT, '').trim();
  if (!/\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}/.test(text)) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : time;
}

/** The newest date among the Received header values, as ISO 8601 UTC, or null when none has one. */
export function newestReceivedDate(headers: readonly { name: string; value: string }[]): string | null {
  let newest: number | null = null;
  for (const header of headers) {
    if (header.name.trim().toLowerCase() !== 'received') continue;
    const at = receivedAt(header.value);
    if (at !== null && (newest === null || at > newest)) newest = at;
  }
  return newest === null ? null : new Date(newest).toISOString();
}
