/**
 * Rules on who takes part. Details name domains only, never an address: skip reasons are kept.
 */
import type { Participants } from './participants.js';
import type { SkipRule } from './rule.js';

function blockedDomainOf(domain: string, blocked: readonly string[]): string | null {
  for (const entry of blocked) {
    if (domain === entry || domain.endsWith(`.${entry}`)) return entry;
  }
  return null;
}

export const noParticipantsRule: SkipRule<Participants> = {
  name: 'no-participants',
  code: 'no-participants',
  check: (participants) =>
    participants.all.length === 0
      ? { code: 'no-participants', detail: 'no valid sender or recipient address (From, To, Cc)' }
      : null,
};

export const blockedDomainRule: SkipRule<Participants> = {
  name: 'blocked-domain',
  code: 'blocked-domain',
  check: (participants, context) => {
    if (context.blockedDomains.length === 0) return null;
    for (const participant of participants.all) {
      const entry = blockedDomainOf(participant.domain, context.blockedDomains);
      if (entry !== null) {
        return { code: 'blocked-domain', detail: `a participant is in the blocked domain ${entry}` };
      }
    }
    return null;
  },
};

export const internalOnlyRule: SkipRule<Participants> = {
  name: 'internal-only',
  code: 'internal-only',
  check: (participants) =>
    participants.all.every((participant) => participant.internal)
      ? { code: 'internal-only', detail: 'every participant is in the organisation\u2019s own domains' }
      : null,
};

export const PARTICIPANT_RULES: readonly SkipRule<Participants>[] = [
  noParticipantsRule,
  blockedDomainRule,
  internalOnlyRule,
];
