/**
 * The people on a message as the rules see them: From (falling back to Sender), To and Cc, each
 * normalised once. Bcc is never read: a blind copy is not part of the correspondence the other
 * parties saw, and mail whose only outside party is a Bcc recipient is internal.
 * An address that cannot be read is kept in `unparsed` (field and text), so that the decision
 * says so instead of the address silently vanishing (unparsed-addresses.ts).
 */
import { domainOf, findDomainOrParent, normaliseAddress } from './address.js';
import type { MessageView, RawAddress } from './read-message.js';
import type { RuleContext } from './rule-context.js';

export type Participant = {
  /** Normalised address (see address.ts). */
  address: string;
  domain: string;
  /** Display name as Graph gave it, trimmed; '' when absent. */
  name: string;
  /** True when the domain is, or is a subdomain of, one of the organisation's domains, or the address is an alias of ours. */
  internal: boolean;
};

/** An address on the message that is not one RFC 5322/6531 allows (or not an internet address at all). */
export type UnparsedAddress = { field: 'from' | 'to' | 'cc'; text: string };

export type Participants = {
  /** Null when neither From nor Sender holds a usable address. */
  from: Participant | null;
  to: Participant[];
  cc: Participant[];
  /** From, To and Cc without repeats, in that order. */
  all: Participant[];
  /** Non-empty From (Sender when it stood in), To and Cc texts that are not addresses, in that order. */
  unparsed: UnparsedAddress[];
};

const MAX_NAME_LENGTH = 256;

function toParticipant(raw: RawAddress, context: RuleContext): Participant | null {
  const address = normaliseAddress(raw.address);
  if (address === null) return null;
  const domain = domainOf(address);
  return {
    address,
    domain,
    name: raw.name.trim().slice(0, MAX_NAME_LENGTH),
    internal: findDomainOrParent(domain, context.orgDomains) !== null || context.orgAddresses.has(address),
  };
}

const MAX_UNPARSED_TEXT = 200;

function noteUnparsed(raw: RawAddress, field: UnparsedAddress['field'], into: UnparsedAddress[]): void {
  const text = raw.address.trim();
  if (text.length > 0) into.push({ field, text: text.slice(0, MAX_UNPARSED_TEXT) });
}

function toParticipants(raws: readonly RawAddress[], field: 'to' | 'cc', context: RuleContext, unparsed: UnparsedAddress[]): Participant[] {
  const seen = new Set<string>();
  const out: Participant[] = [];
  for (const raw of raws) {
    const participant = toParticipant(raw, context);
    if (participant === null) noteUnparsed(raw, field, unparsed);
    else if (!seen.has(participant.address)) {
      seen.add(participant.address);
      out.push(participant);
    }
  }
  return out;
}

function senderOf(message: MessageView, context: RuleContext, unparsed: UnparsedAddress[]): Participant | null {
  const from = message.from && toParticipant(message.from, context);
  if (from) return from;
  if (message.from) noteUnparsed(message.from, 'from', unparsed);
  const sender = message.sender && toParticipant(message.sender, context);
  // Sender stands in for a missing or unreadable From; an unreadable Sender next to a good From is not a participant anyway.
  if (!sender && message.sender && !message.from) noteUnparsed(message.sender, 'from', unparsed);
  return sender ?? null;
}

export function extractParticipants(message: MessageView, context: RuleContext): Participants {
  const unparsed: UnparsedAddress[] = [];
  const from = senderOf(message, context, unparsed);
  const to = toParticipants(message.to, 'to', context, unparsed);
  const cc = toParticipants(message.cc, 'cc', context, unparsed);
  const all = new Map<string, Participant>();
  for (const participant of [...(from ? [from] : []), ...to, ...cc]) {
    if (!all.has(participant.address)) all.set(participant.address, participant);
  }
  return { from, to, cc, all: [...all.values()], unparsed };
}
