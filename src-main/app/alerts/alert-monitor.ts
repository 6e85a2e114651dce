/**
 * Keeps the current alerts (alert-rules.ts) and tells the shells when they change: an
 * `alerts.changed` event for the console's banner and the desktop app's OS notifications, and
 * an optional JSON webhook (docs/notifications.md). Checks run after each cycle, after a CRM
 * import and when the console asks with nothing checked yet; one at a time. An input that cannot
 * be read (consent check unreachable) is left out of that check rather than failing it.
 */
import type { Alert } from '../../../src-shared/alerts.js';
import type { EventHub } from '../event-hub.js';
import type { Logger } from '../../logging/logger.js';
import { evaluateAlerts, type AlertInputs } from './alert-rules.js';
import type { WebhookSender } from './alert-webhook.js';

export type AlertMonitorDeps = {
  mailboxes: () => Promise<AlertInputs['mailboxes']>;
  consentRevoked: () => Promise<boolean>;
  crmProblem: () => Promise<string | null>;
  /** Changes waiting for Elasticsearch; null without it. */
  backlog: () => Promise<number | null>;
  events: EventHub;
  webhook: WebhookSender | null;
  now: () => Date;
  logger: Logger;
};

export interface AlertMonitor {
  /** Evaluates now; resolves with the alerts that hold. */
  check(): Promise<Alert[]>;
  current(): Alert[];
  /** True once a check has run. */
  checked(): boolean;
  /** Waits for the check in progress, if any (before the store closes). */
  idle(): Promise<void>;
}

const BACKLOG_HISTORY = 5;

export function createAlertMonitor(deps: AlertMonitorDeps): AlertMonitor {
  let current: Alert[] = [];
  let checked = false;
  let running: Promise<Alert[]> | null = null;
  const backlog: number[] = [];

  const guarded = async <T,>(what: string, read: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, `alerts: ${what} could not be read`);
      return fallback;
    }
  };

  async function evaluate(): Promise<Alert[]> {
    const [mailboxes, consentRevoked, crmProblem, waiting] = await Promise.all([
      guarded('mailbox health', deps.mailboxes, []),
      guarded('consent', deps.consentRevoked, false),
      guarded('CRM', deps.crmProblem, null),
      guarded('search backlog', deps.backlog, null),
    ]);
    if (waiting !== null) {
      backlog.push(waiting);
      if (backlog.length > BACKLOG_HISTORY) backlog.shift();
    }
    const at = deps.now().toISOString();
    const before = new Map(current.map((a) => [a.id, a]));
    const next = evaluateAlerts({ mailboxes, consentRevoked, crmProblem, backlogHistory: waiting === null ? null : backlog }).map(
      (draft): Alert => ({ ...draft, since: before.get(draft.id)?.since ?? at }),
    );
    const raised = next.filter((a) => !before.has(a.id));
    const resolved = current.filter((a) => !next.some((n) => n.id === a.id)).map((a) => a.id);
    current = next;
    checked = true;
    if (raised.length > 0 || resolved.length > 0) {
      deps.events.emit({ type: 'alerts.changed', items: next, raised: raised.map((a) => a.id) });
      await deps.webhook?.send({ raised, resolved, alerts: next, at });
    }
    return next;
  }

  return {
    async check() {
      // One at a time: a check asked for while one runs waits for it, then runs with fresh inputs.
      while (running) await running.catch(() => undefined);
      running = evaluate();
      try {
        return await running;
      } finally {
        running = null;
      }
    },
    current: () => current,
    checked: () => checked,
    async idle() {
      while (running) await running.catch(() => undefined);
    },
  };
}
