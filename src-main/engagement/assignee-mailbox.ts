/**
 * "The user who owns the mailbox it was first imported from", made independent of arrival order.
 * Sightings arrive in whatever order workers, folders and 410 resyncs produce, so "first" is not
 * the first sighting stored but the first mailbox in the message's own header order: the sender's
 * mailbox (Sent Items), then the To recipients in header order, then Cc; a mailbox that saw the
 * message without being a visible participant (Bcc, a rule's redirect) comes after all of them,
 * by address. The store re-applies this whenever a sighting is added or removed, so the result
 * depends only on the set of mailboxes that saw the message.
 */
import type { Address } from '../../src-shared/domain.js';
import { normaliseAddress } from '../rules/address.js';

export type HeaderParticipants = { from: Address; to: readonly Address[]; cc: readonly Address[] };

export function assigneeMailbox(email: HeaderParticipants, mailboxes: Iterable<string>): string | null {
  const rank = new Map<string, number>();
  [email.from, ...email.to, ...email.cc].forEach((participant, position) => {
    const address = normaliseAddress(participant.address);
    if (address !== null && !rank.has(address)) rank.set(address, position);
  });
  let best: string | null = null;
  let bestRank = Infinity;
  for (const mailbox of mailboxes) {
    const r = rank.get(mailbox) ?? Infinity;
    if (best === null || r < bestRank || (r === bestRank && mailbox < best)) {
      best = mailbox;
      bestRank = r;
    }
  }
  return best;
}
