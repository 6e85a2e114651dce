/**
 * SLOT (a later increment): automated-mail detection, docs/automated-mail.md. It runs after the CRM
 * match and before the HTML body is converted, and skips with reason code 'automated', naming the
 * signals that fired. It sees the CRM-matched candidate (headers, participants, match), so
 * reciprocity with our side and the customer's identity can weigh in. Until then no rule is
 * registered and every CRM-matched message goes on to capture.
 */
import type { CrmMatch } from '../../src-shared/domain.js';
import type { Participants } from './participants.js';
import type { MessageView } from './read-message.js';
import type { SkipRule } from './rule.js';

export type Candidate = { message: MessageView; participants: Participants; match: CrmMatch };

export const AUTOMATED_MAIL_RULES: readonly SkipRule<Candidate>[] = [];
