/**
 * Mass mail (issue 18, point 4): inbound mail from a sender the CRM does not know, addressed to
 * more than N recipients (To and Cc; default 15), is a mailing, not correspondence - even when a
 * customer is among the recipients. Mail a CRM contact, lead or account-domain address sent is
 * never mass mail here, and neither is mail our side sent.
 */
import type { Candidate } from './candidate.js';
import type { SkipRule } from './rule.js';

function recipientCount({ participants }: Candidate): number {
  const seen = new Set<string>();
  for (const participant of [...participants.to, ...participants.cc]) if (participant.address !== participants.from?.address) seen.add(participant.address);
  return seen.size + participants.unparsed.filter((u) => u.field !== 'from').length;
}

export const massMailRule: SkipRule<Candidate> = {
  name: 'mass-mail',
  code: 'mass-mail',
  check: (candidate, context) => {
    const limit = context.capture.massMailMaxRecipients;
    const sender = candidate.participants.from;
    if (limit === null || sender === null || sender.internal || candidate.crmParticipants.has(sender.address)) return null;
    if (context.folder.wellKnownName?.toLowerCase() === 'sentitems') return null;
    const recipients = recipientCount(candidate);
    if (recipients <= limit) return null;
    return { code: 'mass-mail', detail: `inbound mail from a sender not in the CRM to ${recipients} recipients (more than ${limit})` };
  },
};
