/**
 * Excluded addresses and domains (issue 18, point 2): a participant (From, To or Cc) that is an
 * excluded address, or in an excluded domain or one of its subdomains, keeps the message out. The
 * organisation's entries apply to every mailbox, a mailbox's own entries to that mailbox only.
 * The reason names the entry that matched and its scope, so the administrator can find it.
 */
import { findDomainOrParent } from './address.js';
import type { Candidate } from './candidate.js';
import type { ExclusionScope } from './capture-policy.js';
import type { Reason } from '../../src-shared/domain.js';
import type { SkipRule } from './rule.js';

function matchScope(candidate: Candidate, scope: ExclusionScope, label: string): Reason | null {
  if (scope.addresses.size === 0 && scope.domains.size === 0) return null;
  for (const participant of candidate.participants.all) {
    if (scope.addresses.has(participant.address)) {
      return { code: 'excluded-participant', detail: `a participant is the excluded address ${participant.address} (${label})` };
    }
    const domain = scope.domains.size === 0 ? null : findDomainOrParent(participant.domain, scope.domains);
    if (domain !== null) return { code: 'excluded-participant', detail: `a participant is in the excluded domain ${domain} (${label})` };
  }
  return null;
}

export const excludedParticipantRule: SkipRule<Candidate> = {
  name: 'excluded-participant',
  code: 'excluded-participant',
  check: (candidate, context) => {
    const own = context.capture.byMailbox.get(context.mailbox);
    return matchScope(candidate, context.capture.org, 'organisation-wide') ?? (own ? matchScope(candidate, own, `for mailbox ${context.mailbox}`) : null);
  },
};
