/**
 * An audit entry's payload as labelled fields an auditor reads ("Mailbox: ann@…", "Schedule
 * minutes: 15 → 30") instead of raw JSON. Unknown actions and fields fall back to their names;
 * nothing is dropped - the raw JSON stays one click away on the page and whole in the export.
 * Graph folder ids (opaque strings) are shown as "a user folder", their value in the raw JSON.
 */
import { reasonLabel } from '../../reason-labels.js';

export type DetailField = { label: string; value: string };

type Payload = Record<string, unknown>;

const isObject = (value: unknown): value is Payload => typeof value === 'object' && value !== null && !Array.isArray(value);

const FIELD_LABELS: Record<string, string> = {
  mailbox: 'Mailbox',
  tenantId: 'Tenant',
  clientId: 'App (client) ID',
  cloud: 'Cloud',
  username: 'Administrator',
  reason: 'Reason',
  trigger: 'Started by',
  input: 'Input',
  messages: 'Messages',
  imported: 'Imported',
  alreadyStored: 'Already stored',
  unchanged: 'Unchanged',
  skipped: 'Skipped',
  read: 'Read',
  mailboxes: 'Mailboxes',
  durationMs: 'Duration',
  code: 'Error',
  message: 'Message',
  rejected: 'Rejected rows',
  emails: 'Emails',
  sightingsRemoved: 'Sightings removed',
  days: 'Days',
  sentBefore: 'Sent before',
  format: 'Format',
  from: 'From',
  to: 'To',
  actions: 'Actions',
  actorFilter: 'Actor filter',
  mailboxFilter: 'Mailbox filter',
  entries: 'Entries',
  fromSeq: 'First entry',
  throughSeq: 'Last entry',
  before: 'Before',
  verdict: 'Verdict',
  rule: 'Rule',
  folder: 'Folder',
  fingerprint: 'Message fingerprint',
  emailId: 'Email',
  opportunityBefore: 'Opportunity before',
  opportunityAfter: 'Opportunity after',
  assignedToBefore: 'Owner before',
  assignedToAfter: 'Owner after',
};

const WELL_KNOWN_FOLDERS: Record<string, string> = { inbox: 'Inbox', sentitems: 'Sent Items', archive: 'Archive', deleteditems: 'Deleted Items', drafts: 'Drafts', junkemail: 'Junk Email' };

function words(key: string): string {
  const spaced = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._]/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function plain(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(plain).join(', ');
  if (isObject(value)) return Object.entries(value).map(([k, v]) => `${words(k)} ${plain(v)}`).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function counts(value: unknown): string {
  if (!isObject(value)) return plain(value);
  const entries = Object.entries(value).filter(([, n]) => typeof n === 'number');
  return entries.length === 0 ? 'none' : entries.map(([code, n]) => `${reasonLabel(code)} ${String(n)}`).join(', ');
}

function field(key: string, value: unknown): DetailField {
  const label = FIELD_LABELS[key] ?? words(key);
  // The sync names a folder by its well-known name, else by its Graph id: an opaque id means a user folder.
  if (key === 'folder' && typeof value === 'string') return { label, value: WELL_KNOWN_FOLDERS[value] ?? 'a user folder' };
  if (key === 'rule' && typeof value === 'string') return { label, value: reasonLabel(value) };
  if (key === 'durationMs' && typeof value === 'number') return { label, value: value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s` };
  if (key === 'skipped' || key === 'reasons') return { label: key === 'reasons' ? 'Reasons' : label, value: counts(value) };
  if (key === 'fingerprint' && typeof value === 'string') return { label, value: `${value.slice(0, 12)}…` };
  if (key === 'trigger' && typeof value === 'string') return { label, value: value === 'manual' ? 'an administrator (Sync now)' : value };
  return { label, value: plain(value) };
}

/** The entry's fields in the order the payload has them, with the action's specials spelled out. */
export function auditDetails(action: string, payload: unknown): DetailField[] {
  if (!isObject(payload)) return payload === null || payload === undefined ? [] : [{ label: 'Details', value: plain(payload) }];
  if (action === 'settings.changed' && Array.isArray(payload['changes'])) {
    return (payload['changes'] as unknown[]).filter(isObject).map((c) => ({ label: words(String(c['key'] ?? 'setting')), value: `${plain(c['before'])} → ${plain(c['after'])}` }));
  }
  if (action === 'crm.imported' && isObject(payload['changes'])) {
    const changes = Object.entries(payload['changes'])
      .filter((entry): entry is [string, Payload] => isObject(entry[1]))
      .map(([table, c]) => ({ label: words(table), value: `${plain(c['added'])} added, ${plain(c['removed'])} removed, ${plain(c['changed'])} changed` }));
    return [...changes, field('rejected', payload['rejected'])];
  }
  if (action === 'sync.cycle' && Array.isArray(payload['errors'])) {
    const { errors, ...rest } = payload;
    const failed = (errors as unknown[]).filter(isObject).map((e) => ({ label: `Failed: ${plain(e['mailbox'])}`, value: plain(e['message']) }));
    return [...auditDetails('sync.cycle.figures', rest), ...failed];
  }
  if (action === 'emails.purge' && isObject(payload['target'])) {
    const { target, ...rest } = payload;
    const what = target['kind'] === 'domain' ? `domain ${plain(target['domain'])}` : `${plain(target['kind'])} (address kept only as a hash)`;
    return [{ label: 'Purged', value: what }, ...Object.entries(rest).map(([k, v]) => field(k, v))];
  }
  const order = ORDER[action];
  const keys = order ? [...order.filter((k) => k in payload), ...Object.keys(payload).filter((k) => !order.includes(k))] : Object.keys(payload);
  return keys.map((key) => field(key, payload[key]));
}

/** Fields in the order a reader wants them, where the payload's own order is not it. */
const ORDER: Record<string, string[]> = {
  'import.decision': ['verdict', 'rule', 'mailbox', 'folder', 'fingerprint'],
  'sync.cycle.figures': ['mailboxes', 'read', 'imported', 'alreadyStored', 'unchanged', 'skipped', 'durationMs'],
};
