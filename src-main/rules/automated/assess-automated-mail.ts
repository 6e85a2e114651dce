/**
 * The automated-mail rule (architecture rule 6; docs/automated-mail.md). It runs on CRM-matched
 * candidates only, after the cheap rules and before the HTML body is converted. Every detector
 * adds the signals it sees; `weighSignals` decides. A skip names the signals that counted; an
 * import whose signals were outweighed says why, so no decision is unexplained.
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
import { describeSignals, type Protection, weighSignals } from './weigh-signals.js';

export type Candidate = { message: MessageView; participants: Participants; match: CrmMatch };

export type AutomatedAssessment = { skip: Reason } | { skip: null; notes: Reason[] };

const inboundDetectors: readonly Detector[] = [...PLATFORM_DETECTORS, ...SENDER_DETECTORS, ...BODY_DETECTORS, providerDetector(true)];
const otherDetectors: readonly Detector[] = [...PLATFORM_DETECTORS, ...SENDER_DETECTORS, ...BODY_DETECTORS, providerDetector(false)];

function collectSignals(input: SignalInput, inbound: boolean): Signal[] {
  const signals: Signal[] = [];
  for (const detect of STANDARD_DETECTORS) detect(input, signals);
  if (hasReport(signals)) return signals.filter((signal) => signal.kind === 'report');
  for (const detect of inbound ? inboundDetectors : otherDetectors) detect(input, signals);
  softenForHelpdesk(signals, input.headers);
  return signals;
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
  const input: SignalInput = { message, participants, headers, authoredBody: authoredPart(message.body.content), senderLocal: localPartOf(sender) };
  const policy = context.automatedMail;
  const signals = collectSignals(input, context.folder.wellKnownName?.toLowerCase() !== 'sentitems');

  const own = isOwnMessage(participants, context);
  const reciprocity = !own && repliesToOurMail(headers, context);
  const blocked = matchPatterns(policy.block, sender, headers);
  if (blocked !== null && !own && !reciprocity) {
    return { skip: { code: 'automated', detail: `automated mail: ${blocked} matches an administrator block pattern` } };
  }
  const allowed = matchPatterns(policy.allow, sender, headers);
  const protection: Protection = allowed !== null ? 'allow' : own ? 'own' : reciprocity ? 'reciprocity' : 'none';
  const weighed = weighSignals(signals, protection, policy.threshold);
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
