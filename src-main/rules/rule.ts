/**
 * The shape of one skip rule: a named check with a stable reason code. Rules run in a fixed order
 * (evaluate-message.ts) and the first that fires decides, so each rule stays a small unit that
 * can be tested and explained on its own.
 */
import type { Reason, ReasonCode } from '../../src-shared/domain.js';
import type { RuleContext } from './rule-context.js';

export type SkipRule<Subject> = {
  readonly name: string;
  readonly code: ReasonCode;
  /**
   * A reason when the message must be skipped, else null. The detail is a human sentence that
   * names no address, subject or body text: skip reasons reach the audit log.
   */
  check(subject: Subject, context: RuleContext): Reason | null;
  /**
   * True when the message's content (body, internet headers), not read yet at the envelope stage,
   * could change what `check` answers; absent: the rule never reads content.
   */
  needsContent?(subject: Subject, context: RuleContext): boolean;
};

export function firstSkip<Subject>(
  rules: readonly SkipRule<Subject>[],
  subject: Subject,
  context: RuleContext,
): Reason | null {
  for (const rule of rules) {
    const reason = rule.check(subject, context);
    if (reason) return reason;
  }
  return null;
}
