/** `mailboxes.setOptIn`: the admin's "Import email conversations" choice, one or many at once. */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { MailStore } from '../../store/mail-store.js';

export function optInHandlers(store: MailStore): Pick<ApiHandlers, 'mailboxes.setOptIn'> {
  return {
    'mailboxes.setOptIn': async ({ addresses, optedIn }) => ({ updated: await store.setOptIn(addresses, optedIn) }),
  };
}
