/**
 * The state a mailbox is shown in. A mailbox that Exchange scopes the app away from (an
 * application access policy or an RBAC for Applications scope excludes it) is where the admin
 * chose to put it, not a failure: its last run ended with 'outside-access-scope', and it is shown
 * as such rather than as 'error'. The sync records the run's error code; the state follows it here.
 */
import type { MailboxState, MailboxStatus } from '../../../src-shared/domain.js';

export function shownMailboxState(state: MailboxState, lastErrorCode: string | null): MailboxState {
  return state === 'error' && lastErrorCode === 'outside-access-scope' ? 'outside-access-scope' : state;
}

/** The mailboxes with their shown state, given each one's last run error code. */
export function withShownStates(statuses: MailboxStatus[], errorCodes: ReadonlyMap<string, string | null>): MailboxStatus[] {
  return statuses.map((s) => ({ ...s, state: shownMailboxState(s.state, errorCodes.get(s.address) ?? null) }));
}
