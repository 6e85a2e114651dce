/**
 * The automated-mail rule (architecture rule 6; docs/automated-mail.md). It runs on CRM-matched
 * candidates only, after the cheap rules and before the HTML body is converted. Every detector
 * adds the signals it sees (the body's only while the others leave the verdict open);
 * `weighSignals` decides. A skip names the signals that counted; an import whose signals were
 * outweighed says why, so no decision is unexplained.
 */
import type { Reason } from '../../../src-shared/domain.js';
import type { CrmMatch } from '../../../src-shared/domain.js';
import type { Participants } from '../participants.js';
import type { MessageView } from '../read-message.js';
import type { RuleContext } from '../rule-context.js';
import { matchPatterns } from './admin-patterns.js';
import type { Detector, Signal, SignalInput } from './automated-signal.js';
import { authoredPart, BODY_DETECTORS } from './body-signals.js';
import { indexHeaders } from './header-index.js';
import { PLATFORM_DETECTORS, softenForHelpdesk } from './platform-signals.js';
import { providerDetector } from './provider-signals.js';
import { isOwnMessage, repliesToOurMail } from './reciprocity.js';
import { localPartOf, SENDER_DETECTORS } from './sender-signals.js';
import { hasReport, STANDARD_DETECTORS } from './standard-signals.js';
import { describeSignals, type Protection, type Weighed, weighSignals } from './weigh-signals.js';

export type Candidate = { message: MessageView; participants: Participants; match: CrmMatch };

export type AutomatedAssessment = { skip: Reason } | { skip: null; notes: Reason[] };

/** Detectors that read headers, sender and subject; the body cues go between the two lists. */
const beforeBody: readonly Detector[] = [...PLATFORM_DETECTORS, ...SENDER_DETECTORS];
const inboundAfterBody: readonly Detector[] = [providerDetector(true)];
const otherAfterBody: readonly Detector[] = [providerDetector(false)];

/** Signals in the order they are described; `bodyAt` is where body cues go, null after a report. */
type HeaderSignals = { signals: Signal[]; bodyAt: number | null };

function collectHeaderSignals(input: SignalInput, inbound: boolean): HeaderSignals {
  const signals: Signal[] = [];
  for (const detect of STANDARD_DETECTORS) detect(input, signals);
  if (hasReport(signals)) return { signals: signals.filter((signal) => signal.kind === 'report'), bodyAt: null };
  for (const detect of beforeBody) detect(input, signals);
  const bodyAt = signals.length;
  for (const detect of inbound ? inboundAfterBody : otherAfterBody) detect(input, signals);
  softenForHelpdesk(signals, input.headers);
  return { signals, bodyAt };
}

/**
 * Body cues are tie-breakers (automated-mail.md section 3) and only add weight: when the other
 * signals already reach the threshold the verdict is 'automated' whatever the body says, so the
 * body (a scan of up to 32 KB of newsletter HTML, most of a newsletter's decision) is read only
 * when the verdict is still open. The skip then names the signals that decided it.
 */
function weighWithBodyIfOpen(input: SignalInput, collected: HeaderSignals, protection: Protection, threshold: number): { signals: Signal[]; weighed: Weighed } {
  const byHeaders = weighSignals(collected.signals, protection, threshold);
  if (byHeaders.automated || collected.bodyAt === null) return { signals: collected.signals, weighed: byHeaders };
  const body: Signal[] = [];
  for (const detect of BODY_DETECTORS) detect(input, body);
  if (body.length === 0) return { signals: collected.signals, weighed: byHeaders };
  const signals = [...collected.signals.slice(0, collected.bodyAt), ...body, ...collected.signals.slice(collected.bodyAt)];
  return { signals, weighed: weighSignals(signals, protection, threshold) };
}

const PROTECTION_NOTES: Record<Exclude<Protection, 'none'>, Reason['code']> = {
  reciprocity: 'thread-reciprocity',
  own: 'own-message',
  allow: 'allow-listed',
};

const PROTECTION_TEXT: Record<Exclude<Protection, 'none'>, string> = {
  reciprocity: 'it replies to mail our side sent, which outweighs how it was sent',
  own: 'it is our own sent mail, which outweighs how it was sent',
  allow: 'an administrator allow pattern matched',
};

export function assessAutomatedMail(candidate: Candidate, context: RuleContext): AutomatedAssessment {
  const { message, participants } = candidate;
  const headers = indexHeaders(message.headers);
  const sender = participants.from?.address ?? null;
  let authored: string | undefined;
  const authoredBody = (): string => (authored ??= authoredPart(message.body.content));
  const input: SignalInput = { message, participants, headers, authoredBody, senderLocal: localPartOf(sender) };
  const policy = context.automatedMail;
  const collected = collectHeaderSignals(input, context.folder.wellKnownName?.toLowerCase() !== 'sentitems');

  const own = isOwnMessage(participants, context);
  const reciprocity = !own && repliesToOurMail(headers, context);
  const blocked = matchPatterns(policy.block, sender, headers);
  if (blocked !== null && !own && !reciprocity) {
    return { skip: { code: 'automated', detail: `automated mail: ${blocked} matches an administrator block pattern` } };
  }
  const allowed = matchPatterns(policy.allow, sender, headers);
  const protection: Protection = allowed !== null ? 'allow' : own ? 'own' : reciprocity ? 'reciprocity' : 'none';
  const { signals, weighed } = weighWithBodyIfOpen(input, collected, protection, policy.threshold);
  if (weighed.automated) {
    const score = weighed.counted.some((s) => s.kind === 'report') ? '' : ` (score ${weighed.score}, threshold ${policy.threshold})`;
    return { skip: { code: 'automated', detail: `automated mail${score}: ${describeSignals(weighed.counted)}` } };
  }
  if (signals.length === 0) return { skip: null, notes: [] };
  if (protection !== 'none' && weighed.counted.length < signals.length) {
    const detail = `automated-mail signals outweighed because ${protection === 'allow' ? `${PROTECTION_TEXT.allow} (${allowed})` : PROTECTION_TEXT[protection]}: ${describeSignals(signals)}`;
    return { skip: null, notes: [{ code: PROTECTION_NOTES[protection], detail }] };
  }
  return {
    skip: null,
    notes: [{ code: 'automated-below-threshold', detail: `automated-mail signals below the threshold (score ${weighed.score} < ${policy.threshold}): ${describeSignals(signals)}` }],
  };
}
