/**
 * What an administrator can do about a mailbox's last error: the sync records an AppError code
 * per run, and the health page shows this sentence next to it rather than the code alone.
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

export function errorAction(code: string | null): string | null {
  if (code === null) return null;
  return ACTIONS[code] ?? `Error ${code}: see the application log.`;
}
