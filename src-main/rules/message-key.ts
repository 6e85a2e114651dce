/**
 * The dedup key of an email. The same message reaches many mailboxes (sender's Sent Items, each
 * recipient's Inbox) and must be stored once, so its key is the normalised RFC 5322 Message-ID;
 * mail without one gets a content fingerprint that every mailbox computes alike.
 *
 * Fingerprint v1 = SHA-256 (hex) of the UTF-8 JSON array
 *   ["v1", sender address, sorted unique To+Cc addresses, subject, sentAt, body prefix]
 * where the subject has its whitespace runs collapsed and is trimmed, sentAt is the captured ISO
 * UTC time, and the body prefix is the first 1,024 characters (code points) of the body text with
 * every whitespace run (line breaks included) collapsed to one space and the ends trimmed. JSON keeps the fields
 * apart without a delimiter that content could contain. Changing any of this changes keys: add a
 * v2 rather than edit v1.
 */
import { createHash } from 'node:crypto';
import type { CapturedEmail } from '../../src-shared/domain.js';

export const FINGERPRINT_PREFIX = 'fp:';
const BODY_PREFIX_CHARS = 1024;
/** RFC 5322 line limit; a longer "Message-ID" is not one and falls back to the fingerprint. */
const MAX_MESSAGE_ID_LENGTH = 998;

export type FingerprintInput = Pick<CapturedEmail, 'from' | 'to' | 'cc' | 'subject' | 'sentAt' | 'bodyText'>;
export type MessageKeyInput = FingerprintInput & Pick<CapturedEmail, 'internetMessageId'>;

/** Trimmed, one pair of surrounding angle brackets removed, lower case; null when nothing is left. */
export function normaliseMessageId(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let id = raw.trim();
  if (id.startsWith('<') && id.endsWith('>')) id = id.slice(1, -1).trim();
  if (id.length === 0 || id.length > MAX_MESSAGE_ID_LENGTH) return null;
  return id.toLowerCase();
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function bodyPrefix(body: string): string {
  const normalised = collapse(body);
  let out = '';
  let count = 0;
  for (const char of normalised) {
    if (count === BODY_PREFIX_CHARS) break;
    out += char;
    count += 1;
  }
  return out;
}

/** The v1 content fingerprint (64 hex characters) documented above. */
export function fingerprintOf(email: FingerprintInput): string {
  const recipients = [...new Set([...email.to, ...email.cc].map((r) => r.address))].sort();
  const material = JSON.stringify([
    'v1',
    email.from.address,
    recipients,
    collapse(email.subject),
    email.sentAt,
    bodyPrefix(email.bodyText),
  ]);
  return createHash('sha256').update(material, 'utf8').digest('hex');
}

/** The normalised Message-ID, or `fp:` + the content fingerprint when the message has none. */
export function messageKeyOf(email: MessageKeyInput): string {
  return normaliseMessageId(email.internetMessageId) ?? `${FINGERPRINT_PREFIX}${fingerprintOf(email)}`;
}
