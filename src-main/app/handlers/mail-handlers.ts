/** `emails.*` and `mailboxes.*`: what was stored and from which mailboxes. */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { MailStore } from '../../store/mail-store.js';

export function mailHandlers(store: MailStore): Pick<ApiHandlers, 'emails.list' | 'mailboxes.list'> {
  return {
    'emails.list': async (input) => store.listEmails(input),
    'mailboxes.list': async () => ({ items: await store.listMailboxes() }),
  };
}
