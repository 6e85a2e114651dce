/**
 * The rule pipeline's entry point: one Graph message in, one Decision out, no I/O. The same
 * function serves the sync, the console's preview and the tests.
 *
 * Order (cheap first; the first skip wins):
 *   1 read        not an object with an id, or an `@removed` entry     -> 'unreadable'
 *   2 message     draft; excluded well-known folder                    -> 'draft', 'excluded-folder'
 *   3 participants From (else Sender), To, Cc - never Bcc; none valid  -> 'no-participants'
 *   4 blocked     a participant in a blocked domain or its subdomain   -> 'blocked-domain'
 *   5 internal    no participant outside the organisation's domains    -> 'internal-only'
 *   6 CRM match   no external contact, lead or account domain          -> 'no-crm-match'
 *   7 policy      (on candidates only, so health counts what each rule kept out; capture-policy.ts)
 *                 Outlook sensitivity set to skip                      -> 'sensitive'
 *                 an excluded address or domain takes part             -> 'excluded-participant'
 *                 an excluded subject term                             -> 'excluded-subject'
 *                 inbound from a non-CRM sender to more than N         -> 'mass-mail'
 *   8 automated   weighed machine-mail signals (automated/)            -> 'automated'
 *   9 capture     no usable sender or date                             -> 'unreadable'
 *  10 content     a card number, IBAN or SSN of a kind set to skip     -> 'sensitive-content'
 *                 else import, with the CapturedEmail (identifiers masked) and the CRM match
 * An address that could not be read is named in an import's reasons and counted in a skip's.
 *
 * Never throws: bad input is a Decision with a reason, and anything unexpected becomes
 * 'unreadable' with a detail that carries no message content.
 */
import type { Decision, Reason } from '../../src-shared/domain.js';
import type { GraphMessage } from '../graph/graph-message.js';
import { assessAutomatedMail } from './automated/assess-automated-mail.js';
import type { Candidate } from './candidate.js';
import { captureEmail } from './capture.js';
import { matchCrm } from './crm-match.js';
import { excludedParticipantRule } from './excluded-participant-rule.js';
import { excludedSubjectRule } from './excluded-subject-rule.js';
import { massMailRule } from './mass-mail-rule.js';
import { MESSAGE_RULES } from './message-rules.js';
import { PARTICIPANT_RULES } from './participant-rules.js';
import { extractParticipants } from './participants.js';
import { readMessage, type MessageView, type ReadResult } from './read-message.js';
import { firstSkip, type SkipRule } from './rule.js';
import type { RuleContext } from './rule-context.js';
import { applySensitiveContent } from './sensitive-content-rule.js';
import { sensitivityRule } from './sensitivity-rule.js';
import { unparsedNote, withUnparsedCount } from './unparsed-addresses.js';

/** The capture-policy rules that decide on candidates, cheapest first. */
const POLICY_RULES: readonly SkipRule<Candidate>[] = [sensitivityRule, excludedParticipantRule, excludedSubjectRule, massMailRule];

function skip(reason: Reason, extra: Pick<Decision, 'externalDomains'> = {}): Decision {
  return { verdict: 'skip', reasons: [reason], ...extra };
}

function evaluate(message: MessageView, context: RuleContext): Decision {
  const stateSkip = firstSkip(MESSAGE_RULES, message, context);
  if (stateSkip) return skip(stateSkip);

  const participants = extractParticipants(message, context);
  const participantSkip = firstSkip(PARTICIPANT_RULES, participants, context);
  if (participantSkip) return skip(withUnparsedCount(participantSkip, participants));

  const crm = matchCrm(participants, context.crm);
  if (!crm.matched) return skip(withUnparsedCount(crm.reason, participants), { externalDomains: crm.externalDomains });

  const candidate: Candidate = { message, participants, match: crm.match, crmParticipants: crm.crmParticipants };
  const policySkip = firstSkip(POLICY_RULES, candidate, context);
  if (policySkip) return skip(withUnparsedCount(policySkip, participants));

  const automated = assessAutomatedMail(candidate, context);
  if (automated.skip) return skip(withUnparsedCount(automated.skip, participants));

  const captured = captureEmail(message, participants);
  if (!captured.ok) return skip(withUnparsedCount(captured.reason, participants));
  const content = applySensitiveContent(captured.email, context.capture);
  if (content.skip) return skip(withUnparsedCount(content.skip, participants));
  const unparsed = unparsedNote(participants);
  return {
    verdict: 'import',
    reasons: [...crm.reasons, ...automated.notes, ...content.notes, ...(unparsed ? [unparsed] : [])],
    email: content.email,
    match: crm.match,
  };
}

function guarded(decide: () => Decision): Decision {
  try {
    return decide();
  } catch (error) {
    const kind = error instanceof Error ? error.name : typeof error;
    return skip({ code: 'unreadable', detail: `the message could not be evaluated (unexpected ${kind})` });
  }
}

/**
 * Decides one message. `message` is typed as the Graph contract, but anything may arrive at run
 * time (a delta item, a fixture, a preview payload): it is read leniently and never trusted.
 * Callers should pass only items that `classifyDeltaItem` (delta-item.ts) calls messages.
 */
export function evaluateMessage(message: GraphMessage, context: RuleContext): Decision {
  return guarded(() => decideRead(readMessage(message), context));
}

/** Decides a message already read (`readMessage`): the sync reads each item of a page once. */
export function evaluateMessageView(read: ReadResult, context: RuleContext): Decision {
  return guarded(() => decideRead(read, context));
}

function decideRead(read: ReadResult, context: RuleContext): Decision {
  return read.ok ? evaluate(read.message, context) : skip({ code: 'unreadable', detail: read.detail });
}
