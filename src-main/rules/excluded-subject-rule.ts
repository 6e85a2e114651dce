/**
 * Excluded subject terms (issue 18, point 2): mail whose subject holds a term the administrator
 * listed (offer letter, interview, privileged ... by default; capture-policy.ts) is not imported.
 * Org-wide terms apply to every mailbox, a mailbox's own terms to that mailbox only.
 */
import type { Candidate } from './candidate.js';
import type { SkipRule } from './rule.js';

export const excludedSubjectRule: SkipRule<Candidate> = {
  name: 'excluded-subject',
  code: 'excluded-subject',
  check: ({ message }, context) => {
    const orgTerm = context.capture.org.subject?.match(message.subject) ?? null;
    if (orgTerm !== null) return { code: 'excluded-subject', detail: `the subject holds the excluded term "${orgTerm}" (organisation-wide)` };
    const own = context.capture.byMailbox.get(context.mailbox)?.subject?.match(message.subject) ?? null;
    return own === null ? null : { code: 'excluded-subject', detail: `the subject holds the excluded term "${own}" (for mailbox ${context.mailbox})` };
  },
};
