/**
 * A message that passed the cheap rules and the CRM match: what the capture-policy rules and the
 * automated-mail rule decide on. `crmParticipants` are the external participants that matched
 * the CRM (contact, lead or account domain), so a rule can ask whether the sender is known.
 */
import type { CrmMatch } from '../../src-shared/domain.js';
import type { Participants } from './participants.js';
import type { MessageView } from './read-message.js';

export type Candidate = {
  message: MessageView;
  participants: Participants;
  match: CrmMatch;
  crmParticipants: ReadonlySet<string>;
};
