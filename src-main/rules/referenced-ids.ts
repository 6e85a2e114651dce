/**
 * The Message-IDs a message replies to or references (its In-Reply-To and References headers),
 * normalised: what thread reciprocity looks up among the mail our side sent. One reading for the
 * sync's page step and the preview.
 */
import { normaliseMessageId } from './message-key.js';
import type { MessageHeader } from './read-message.js';

export function addReferencedIds(headers: readonly MessageHeader[], into: string[]): void {
  for (const header of headers) {
    const name = header.name.toLowerCase();
    if (name !== 'in-reply-to' && name !== 'references') continue;
    for (const token of header.value.split(/\s+/)) {
      const id = normaliseMessageId(token);
      if (id) into.push(id);
    }
  }
}
