/**
 * Addresses that could not be read are reported, never dropped in silence (issue 18, point 5): an
 * import carries an `address-unparsed` note naming each one; a skip's reason gets a count and the
 * fields, but no address text, because skip reasons must not carry a skipped message's content.
 */
import type { Reason } from '../../src-shared/domain.js';
import type { Participants } from './participants.js';

const FIELD: Readonly<Record<'from' | 'to' | 'cc', string>> = { from: 'From', to: 'To', cc: 'Cc' };
const MAX_LISTED = 10;

function fields(participants: Participants): string {
  return [...new Set(participants.unparsed.map((u) => FIELD[u.field]))].join(', ');
}

/** The import note, or null when every address was read. */
export function unparsedNote(participants: Participants): Reason | null {
  const { unparsed } = participants;
  if (unparsed.length === 0) return null;
  const listed = unparsed.slice(0, MAX_LISTED).map((u) => `${FIELD[u.field]} ${JSON.stringify(u.text)}`).join(', ');
  const more = unparsed.length > MAX_LISTED ? ` and ${unparsed.length - MAX_LISTED} more` : '';
  return { code: 'address-unparsed', detail: `not an address RFC 5322/6531 allows, so not a participant: ${listed}${more}` };
}

/** The skip reason with the number of unreadable addresses added (no address text). */
export function withUnparsedCount(reason: Reason, participants: Participants): Reason {
  const n = participants.unparsed.length;
  if (n === 0) return reason;
  return { code: reason.code, detail: `${reason.detail} (${n} ${n === 1 ? 'address' : 'addresses'} in ${fields(participants)} could not be read)` };
}
