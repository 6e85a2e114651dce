/**
 * What an administrator can do about a mailbox's last error: the sync records an AppError code
 * per run, and the health page, the alerts and the notifications show this sentence rather than
 * the code (which stays in a details disclosure and in --json).
 */
const ACTIONS: Record<string, string> = {
  'graph-throttled': 'Microsoft is throttling this mailbox; the next cycle continues where it stopped. If it persists, lengthen the schedule.',
  'graph-unavailable': 'Microsoft Graph could not be reached; check the network, proxy and extra CA settings. The next cycle retries.',
  'graph-auth': 'The app could not sign in to Microsoft 365; check the consent state below and the client secret or certificate.',
  'consent-missing': 'Admin consent is missing or was revoked; use "Connect organisation" on the Setup page.',
  'outside-access-scope':
    "Exchange keeps the app out of this mailbox (application access policy or RBAC for Applications scope): add the user to the scope's mail-enabled security group if the mailbox should be read, or opt it out.",
  'mailbox-unavailable': 'The mailbox cannot be read (no licence, disabled, or deleted); opt it out on the Mailboxes page if intended.',
  'delta-expired': 'Microsoft expired the change cursor; the mailbox re-reads its folders on the next cycle, nothing to do.',
  'database-unavailable': 'The database could not be reached; check MariaDB is running and reachable, then "Sync now".',
  'database-version': 'The database server is too old; upgrade MariaDB.',
  'not-configured': 'The app lacks a setting it needs; finish the Setup page.',
  'invalid-input': 'The sync was refused invalid data; check the settings page for errors.',
  internal: 'An unexpected error occurred; see the application log and report it if it repeats.',
};

/** The user has no Exchange Online mailbox (state no-mailbox): nothing to sync until one exists. */
export const NO_MAILBOX_ACTION = 'The user has no Exchange Online mailbox: give the user an Exchange Online licence, or stop importing this mailbox.';

export function errorAction(code: string | null): string | null {
  if (code === null) return null;
  return ACTIONS[code] ?? 'Something unexpected failed; see the application log and report it if it repeats.';
}

/** States in which a mailbox cannot be synced until an administrator acts in Microsoft 365. */
export function cannotSync(state: string): boolean {
  return state === 'no-mailbox' || state === 'unlicensed' || state === 'outside-access-scope';
}

/** What to do about a mailbox in this state whose last run ended with this code (null: nothing to do). */
export function mailboxAction(state: string, code: string | null): string | null {
  if (state === 'no-mailbox' || state === 'unlicensed') return NO_MAILBOX_ACTION;
  if (state === 'outside-access-scope') return errorAction('outside-access-scope');
  return errorAction(code);
}
