/** The emails.message_key column holds at most 700 characters; longer keys become a stable digest. */
import { createHash } from 'node:crypto';

const MAX_KEY_LENGTH = 700;

/** Keys longer than the indexed column are replaced by a stable digest, so dedup still holds. */
export function storageKey(messageKey: string): string {
  if (messageKey.length <= MAX_KEY_LENGTH) return messageKey;
  return `sha256:${createHash('sha256').update(messageKey).digest('hex')}`;
}
