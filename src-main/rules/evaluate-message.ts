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
 *                 -- rules 1-7 decide on the envelope (header-first: evaluateEnvelope), 8-10 need the content --
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

/** What the envelope leaves for the content stage: a CRM-matched candidate that no envelope rule skipped. */
type Open = { candidate: Candidate; crmReasons: Reason[] };

/**
 * Rules 2-7 (state, participants, CRM, capture policy): the ones that decide on the envelope. With
 * `contentKnown` false (header-first: no body, no internet headers yet) a rule that could decide
 * differently once the content is known (`needsContent`: the Sensitivity header where Exchange's
 * property is absent) ends the stage with 'needs-content' - rules run in order and the first skip
 * wins, so no later rule may decide before it. Shared by both paths, so both decide alike.
 */
function envelopeStage(message: MessageView, context: RuleContext, contentKnown: boolean): { decided: Decision } | { open: Open } | 'needs-content' {
  const stateSkip = firstSkip(MESSAGE_RULES, message, context);
  if (stateSkip) return { decided: skip(stateSkip) };

  const participants = extractParticipants(message, context);
  const participantSkip = firstSkip(PARTICIPANT_RULES, participants, context);
  if (participantSkip) return { decided: skip(withUnparsedCount(participantSkip, participants)) };

  const crm = matchCrm(participants, context.crm);
  if (!crm.matched) return { decided: skip(withUnparsedCount(crm.reason, participants), { externalDomains: crm.externalDomains }) };

  const candidate: Candidate = { message, participants, match: crm.match, crmParticipants: crm.crmParticipants };
  for (const rule of POLICY_RULES) {
    if (!contentKnown && rule.needsContent?.(candidate, context)) return 'needs-content';
    const reason = rule.check(candidate, context);
    if (reason) return { decided: skip(withUnparsedCount(reason, participants)) };
  }
  return { open: { candidate, crmReasons: crm.reasons } };
}

/** Rules 8-10 (automated mail, capture, sensitive content): they read the body and internet headers. */
function contentStage({ candidate, crmReasons }: Open, context: RuleContext): Decision {
  const { message, participants } = candidate;
  const automated = assessAutomatedMail(candidate, context);
  if (automated.skip) return skip(withUnparsedCount(automated.skip, participants));

  const captured = captureEmail(message, participants);
  if (!captured.ok) return skip(withUnparsedCount(captured.reason, participants));
  const content = applySensitiveContent(captured.email, context.capture);
  if (content.skip) return skip(withUnparsedCount(content.skip, participants));
  const unparsed = unparsedNote(participants);
  return {
    verdict: 'import',
    reasons: [...crmReasons, ...automated.notes, ...content.notes, ...(unparsed ? [unparsed] : [])],
    email: content.email,
    match: candidate.match,
  };
}

function evaluate(message: MessageView, context: RuleContext): Decision {
  const envelope = envelopeStage(message, context, true);
  if (envelope === 'needs-content') throw new Error('unreachable: the content is known');
  return 'decided' in envelope ? envelope.decided : contentStage(envelope.open, context);
}

function unexpected(error: unknown): Decision {
  const kind = error instanceof Error ? error.name : typeof error;
  return skip({ code: 'unreadable', detail: `the message could not be evaluated (unexpected ${kind})` });
}

function guarded(decide: () => Decision): Decision {
  try {
    return decide();
  } catch (error) {
    return unexpected(error);
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

/**
 * The envelope stage alone (header-first capture, issue 21), on a message read without its body
 * and internet headers: the decision the full evaluation would reach, when the envelope already
 * settles it - the same verdict and reasons -, else null (the message needs its content).
 */
export function evaluateEnvelope(read: ReadResult, context: RuleContext): Decision | null {
  if (!read.ok) return skip({ code: 'unreadable', detail: read.detail });
  try {
    const envelope = envelopeStage(read.message, context, false);
    return envelope !== 'needs-content' && 'decided' in envelope ? envelope.decided : null;
  } catch (error) {
    // The full evaluation throws on the same envelope fields, and answers the same.
    return unexpected(error);
  }
}

function decideRead(read: ReadResult, context: RuleContext): Decision {
  return read.ok ? evaluate(read.message, context) : skip({ code: 'unreadable', detail: read.detail });
}
