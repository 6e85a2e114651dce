/**
 * Which alerts hold now, from what the core knows after a cycle (pure: the monitor gathers the
 * inputs). A mailbox alert needs an opted-in mailbox whose last run failed; consent is one alert
 * for the tenant (health says revoked, or a mailbox was refused for want of consent); the CRM
 * alert says the directory could not be read or can match nothing; the search backlog alert needs
 * a backlog that is large and grew over the last checks, not one that is draining.
 */
import type { Alert } from '../../../src-shared/alerts.js';
import type { MailboxHealth } from '../../../src-shared/api.js';
import { cannotSync, mailboxAction } from '../../../src-shared/error-actions.js';

export type AlertInputs = {
  mailboxes: readonly Pick<MailboxHealth, 'address' | 'optedIn' | 'state' | 'lastError' | 'lastRun'>[];
  consentRevoked: boolean;
  /** Why the CRM cannot be used (read failed, or no account, contact or lead to match), else null. */
  crmProblem: string | null;
  /** Search outbox sizes, oldest first, the latest last (null: no Elasticsearch). */
  backlogHistory: readonly number[] | null;
};

/** A backlog alert: at least this many changes waiting, and more than at each of the checks before. */
export const BACKLOG_ALERT_MIN = 500;
const BACKLOG_CHECKS = 3;

type Draft = Omit<Alert, 'since'>;

export function evaluateAlerts(inputs: AlertInputs): Draft[] {
  const alerts: Draft[] = [];
  const consentRefused = inputs.mailboxes.some((m) => m.optedIn && m.lastRun.errorCode === 'consent-missing');
  if (inputs.consentRevoked || consentRefused) {
    alerts.push({
      id: 'consent',
      kind: 'consent-revoked',
      severity: 'error',
      title: 'Admin consent was revoked',
      message: 'No mailbox can be read until a Global Administrator grants consent again: use "Connect organisation" on the Setup page.',
      page: '/setup',
      mailbox: null,
    });
  }
  for (const m of inputs.mailboxes) {
    if (!m.optedIn || (m.state !== 'error' && !cannotSync(m.state))) continue;
    if (m.lastRun.errorCode === 'consent-missing') continue; // said once, by the consent alert
    const action = mailboxAction(m.state, m.lastRun.errorCode ?? 'internal');
    alerts.push({
      id: `mailbox:${m.address}`,
      kind: 'mailbox-failing',
      severity: 'error',
      title: `${m.address} is not being synced`,
      message: action ?? 'See Sync health for details.',
      page: '/health',
      mailbox: m.address,
    });
  }
  if (inputs.crmProblem !== null) {
    alerts.push({ id: 'crm', kind: 'crm-failing', severity: 'error', title: 'The CRM cannot be used', message: inputs.crmProblem, page: '/setup', mailbox: null });
  }
  const history = inputs.backlogHistory ?? [];
  const latest = history[history.length - 1];
  const recent = history.slice(-BACKLOG_CHECKS);
  const growing = recent.length === BACKLOG_CHECKS && recent.every((n, i) => i === 0 || n > recent[i - 1]!);
  if (latest !== undefined && latest >= BACKLOG_ALERT_MIN && growing) {
    alerts.push({
      id: 'search-backlog',
      kind: 'search-backlog',
      severity: 'warning',
      title: `${latest.toLocaleString('en')} changes are waiting for Elasticsearch`,
      message: 'The search index is falling behind (MariaDB has everything). Check that Elasticsearch is reachable and healthy.',
      page: '/health',
      mailbox: null,
    });
  }
  return alerts;
}
