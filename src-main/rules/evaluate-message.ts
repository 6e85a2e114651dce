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
 *   7 automated   weighed machine-mail signals (automated/)            -> 'automated'
 *   8 capture     no usable sender or date                             -> 'unreadable'
 *                 else import, with the CapturedEmail and the CRM match
 *
 * Never throws: bad input is a Decision with a reason, and anything unexpected becomes
 * 'unreadable' with a detail that carries no message content.
 */
import type { Decision, Reason } from '../../src-shared/domain.js';
import type { GraphMessage } from '../graph/graph-message.js';
import { assessAutomatedMail } from './automated/assess-automated-mail.js';
import { captureEmail } from './capture.js';
import { matchCrm } from './crm-match.js';
import { MESSAGE_RULES } from './message-rules.js';
import { PARTICIPANT_RULES } from './participant-rules.js';
import { extractParticipants } from './participants.js';
import { readMessage, type MessageView, type ReadResult } from './read-message.js';
import { firstSkip } from './rule.js';
import type { RuleContext } from './rule-context.js';

function skip(reason: Reason, extra: Pick<Decision, 'externalDomains'> = {}): Decision {
  return { verdict: 'skip', reasons: [reason], ...extra };
}

function evaluate(message: MessageView, context: RuleContext): Decision {
  const stateSkip = firstSkip(MESSAGE_RULES, message, context);
  if (stateSkip) return skip(stateSkip);

  const participants = extractParticipants(message, context);
  const participantSkip = firstSkip(PARTICIPANT_RULES, participants, context);
  if (participantSkip) return skip(participantSkip);

  const crm = matchCrm(participants, context.crm);
  if (!crm.matched) return skip(crm.reason, { externalDomains: crm.externalDomains });

  const automated = assessAutomatedMail({ message, participants, match: crm.match }, context);
  if (automated.skip) return skip(automated.skip);

  const captured = captureEmail(message, participants);
  if (!captured.ok) return skip(captured.reason);
  return { verdict: 'import', reasons: [...crm.reasons, ...automated.notes], email: captured.email, match: crm.match };
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
