/**
 * The people on a message as the rules see them: From (falling back to Sender), To and Cc, each
 * normalised once. Bcc is never read: a blind copy is not part of the correspondence the other
 * parties saw, and mail whose only outside party is a Bcc recipient is internal.
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

export type Participants = {
  /** Null when neither From nor Sender holds a usable address. */
  from: Participant | null;
  to: Participant[];
  cc: Participant[];
  /** From, To and Cc without repeats, in that order. */
  all: Participant[];
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

function toParticipants(raws: readonly RawAddress[], context: RuleContext): Participant[] {
  const seen = new Set<string>();
  const out: Participant[] = [];
  for (const raw of raws) {
    const participant = toParticipant(raw, context);
    if (participant && !seen.has(participant.address)) {
      seen.add(participant.address);
      out.push(participant);
    }
  }
  return out;
}

export function extractParticipants(message: MessageView, context: RuleContext): Participants {
  const from =
    (message.from && toParticipant(message.from, context)) ??
    (message.sender && toParticipant(message.sender, context)) ??
    null;
  const to = toParticipants(message.to, context);
  const cc = toParticipants(message.cc, context);
  const all = new Map<string, Participant>();
  for (const participant of [...(from ? [from] : []), ...to, ...cc]) {
    if (!all.has(participant.address)) all.set(participant.address, participant);
  }
  return { from, to, cc, all: [...all.values()] };
}
