/**
 * Rule reason codes (domain.ts REASON_CODES) as an administrator reads them. The codes stay the
 * stable keys of the CLI's JSON; the console shows these words and keeps the code in a tooltip.
 */
const LABELS: Record<string, string> = {
  unreadable: 'Could not be read',
  draft: 'Draft',
  'excluded-folder': 'Excluded folder',
  'no-participants': 'No participants',
  'blocked-domain': 'Blocked domain',
  'internal-only': 'Internal only',
  'no-crm-match': 'Not in the CRM',
  automated: 'Automated mail',
  'crm-contact': 'CRM contact',
  'crm-lead': 'CRM lead',
  'crm-account-domain': 'CRM account domain',
  'automated-below-threshold': 'Automated signals below the threshold',
  'thread-reciprocity': 'Reply to our mail',
  'own-message': 'Sent by us',
  'allow-listed': 'Allow-listed',
};

export function reasonLabel(code: string): string {
  return LABELS[code] ?? code;
}
