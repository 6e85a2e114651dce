/**
 * The audit log's actions as the console offers them in its filter, with the words it shows.
 * The list must equal the core's (src-main/audit/audit-entry.ts AUDIT_ACTIONS); a unit test holds them together.
 */
export const AUDIT_ACTION_LABELS = {
  'consent.granted': 'Consent granted',
  'admin.signedIn': 'Administrator signed in',
  'consent.revoked': 'Consent revoked',
  'settings.changed': 'Settings changed',
  'mailbox.optedIn': 'Mailbox import turned on',
  'mailbox.optedOut': 'Mailbox import turned off',
  'preview.run': 'Rule preview run',
  'sync.started': 'Sync started',
  'sync.paused': 'Scheduled sync paused',
  'sync.resumed': 'Scheduled sync resumed',
  'sync.cycle': 'Sync cycle finished',
  'sync.failed': 'Sync failed',
  'crm.imported': 'CRM imported',
  'crm.connected': 'CRM connected',
  'crm.refreshed': 'CRM refreshed',
  'crm.refreshFailed': 'CRM refresh failed',
  'emails.ownerChanged': 'Email owner changed by the CRM',
  'exclusions.changed': 'Exclusion lists changed',
  'emails.purge': 'Emails purged',
  'emails.retention': 'Emails deleted by retention',
  'emails.reassign': 'Email reassigned',
  'audit.exported': 'Audit log exported',
  'audit.trimmed': 'Audit log trimmed',
  'import.decision': 'Sync decision',
} as const satisfies Record<string, string>;

export type AuditActionName = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTION_LABELS) as AuditActionName[];

export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}
