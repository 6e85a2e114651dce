/** `emails.*` and `mailboxes.*`: what was stored and from which mailboxes. */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { MailStore } from '../../store/mail-store.js';
import { withShownStates } from './shown-mailbox-state.js';

export function mailHandlers(store: MailStore): Pick<ApiHandlers, 'emails.list' | 'mailboxes.list'> {
  return {
    'emails.list': async (input) => store.listEmails(input),
    'mailboxes.list': async () => {
      const [statuses, runs] = await Promise.all([store.listMailboxes(), store.syncState.mailboxHealth()]);
      return { items: withShownStates(statuses, new Map(runs.map((r) => [r.mailbox, r.errorCode]))) };
    },
  };
}
