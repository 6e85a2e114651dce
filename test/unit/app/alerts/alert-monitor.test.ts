import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../../src-shared/api.js';
import { createEventHub } from '../../../../src-main/app/event-hub.js';
import { silentLogger } from '../../../../src-main/logging/logger.js';
import { createAlertMonitor, type AlertMonitorDeps } from '../../../../src-main/app/alerts/alert-monitor.js';
import { BACKLOG_ALERT_MIN, evaluateAlerts } from '../../../../src-main/app/alerts/alert-rules.js';
import { createWebhookSender, type WebhookPayload } from '../../../../src-main/app/alerts/alert-webhook.js';
import { alertNotifier } from '../../../../src-main/electron/alert-notifications.js';

const run = (errorCode: string | null) => ({ startedAt: null, finishedAt: null, durationMs: null, pages: 0, read: 0, imported: 0, alreadyStored: 0, unchanged: 0, skipped: {}, masked: 0, retries: 0, throttled: 0, errorCode });
const mailbox = (address: string, state: 'ok' | 'error' | 'no-mailbox', errorCode: string | null, optedIn = true) => ({ address, optedIn, state, lastError: null, lastRun: run(errorCode) });

describe('evaluateAlerts', () => {
  it('raises one alert per failing opted-in mailbox, with what to do and no code; none for opted-out or healthy ones', () => {
    const alerts = evaluateAlerts({
      mailboxes: [mailbox('a@ours.example', 'error', 'graph-unavailable'), mailbox('b@ours.example', 'no-mailbox', 'mailbox-unavailable'), mailbox('c@ours.example', 'error', 'internal', false), mailbox('d@ours.example', 'ok', null)],
      consentRevoked: false,
      crmProblem: null,
      backlogHistory: null,
    });
    expect(alerts.map((a) => a.id)).toEqual(['mailbox:a@ours.example', 'mailbox:b@ours.example']);
    expect(alerts[0]?.message).toContain('network');
    expect(alerts[1]?.message).toContain('Exchange Online licence');
    expect(alerts.every((a) => !/graph-unavailable|mailbox-unavailable/.test(a.message))).toBe(true);
  });

  it('says a revoked consent once for the tenant, not once per refused mailbox', () => {
    const alerts = evaluateAlerts({ mailboxes: [mailbox('a@ours.example', 'error', 'consent-missing'), mailbox('b@ours.example', 'error', 'consent-missing')], consentRevoked: false, crmProblem: null, backlogHistory: null });
    expect(alerts.map((a) => [a.id, a.kind, a.page])).toEqual([['consent', 'consent-revoked', '/setup']]);
  });

  it('warns of a search backlog only when it is large and grew over the last three checks', () => {
    const at = (history: number[]) => evaluateAlerts({ mailboxes: [], consentRevoked: false, crmProblem: null, backlogHistory: history }).map((a) => a.kind);
    expect(at([BACKLOG_ALERT_MIN, BACKLOG_ALERT_MIN + 10, BACKLOG_ALERT_MIN + 20])).toEqual(['search-backlog']);
    expect(at([BACKLOG_ALERT_MIN + 20, BACKLOG_ALERT_MIN + 10, BACKLOG_ALERT_MIN + 30])).toEqual([]); // draining, then up once
    expect(at([10, 20, 30])).toEqual([]); // small
    expect(at([BACKLOG_ALERT_MIN + 1, BACKLOG_ALERT_MIN + 2])).toEqual([]); // not yet three checks
  });
});

describe('alert monitor', () => {
  function setup(overrides: Partial<AlertMonitorDeps> = {}) {
    const events = createEventHub();
    const seen: ApiEvent[] = [];
    events.subscribe((e) => seen.push(e));
    const posted: WebhookPayload[] = [];
    let failing = true;
    const monitor = createAlertMonitor({
      mailboxes: async () => [mailbox('a@ours.example', failing ? 'error' : 'ok', failing ? 'graph-unavailable' : null)],
      consentRevoked: async () => false,
      crmProblem: async () => null,
      backlog: async () => null,
      events,
      webhook: { send: async (payload) => void posted.push(payload) },
      now: () => new Date('2026-01-02T03:04:05Z'),
      logger: silentLogger(),
      ...overrides,
    });
    return { monitor, seen, posted, heal: () => (failing = false) };
  }

  it('tells the shells and the webhook when an alert is raised and when it clears, not on every check', async () => {
    const { monitor, seen, posted, heal } = setup();
    await monitor.check();
    await monitor.check();
    heal();
    await monitor.check();
    expect(seen.map((e) => (e.type === 'alerts.changed' ? [e.items.map((a) => a.id), e.raised] : e.type))).toEqual([
      [['mailbox:a@ours.example'], ['mailbox:a@ours.example']],
      [[], []],
    ]);
    expect(posted.map((p) => [p.raised.map((a) => a.id), p.resolved])).toEqual([
      [['mailbox:a@ours.example'], []],
      [[], ['mailbox:a@ours.example']],
    ]);
    expect(posted[0]?.raised[0]?.since).toBe('2026-01-02T03:04:05.000Z');
  });

  it('still checks the rest when one input cannot be read', async () => {
    const { monitor } = setup({ consentRevoked: async () => Promise.reject(new Error('unreachable')) });
    expect((await monitor.check()).map((a) => a.id)).toEqual(['mailbox:a@ours.example']);
  });
});

describe('alert webhook', () => {
  it('posts one JSON document with the type, version, raised, resolved and current alerts', async () => {
    const bodies: { url: string; body: unknown }[] = [];
    const sender = createWebhookSender('https://monitor.example/hooks/x?token=abc', silentLogger(), async (url, body) => {
      bodies.push({ url, body: JSON.parse(body) as unknown });
      return { status: 204 };
    });
    await sender.send({ raised: [], resolved: ['crm'], alerts: [], at: '2026-01-01T00:00:00.000Z' });
    expect(bodies).toEqual([{ url: 'https://monitor.example/hooks/x?token=abc', body: { type: 'correspondent.alerts', version: 1, raised: [], resolved: ['crm'], alerts: [], at: '2026-01-01T00:00:00.000Z' } }]);
  });

  it('never throws when the endpoint is down', async () => {
    const sender = createWebhookSender('https://monitor.example/x', silentLogger(), async () => Promise.reject(new Error('ECONNREFUSED')));
    await expect(sender.send({ raised: [], resolved: [], alerts: [], at: 'x' })).resolves.toBeUndefined();
  });
});

describe('desktop notifications', () => {
  it('shows one OS notification per raised alert, and a click opens its page', () => {
    const shown: { title: string; body: string; click?: () => void }[] = [];
    const opened: string[] = [];
    const notify = alertNotifier(
      (options) => {
        const entry: { title: string; body: string; click?: () => void } = { ...options };
        shown.push(entry);
        return { on: (_e, listener) => (entry.click = listener), show: () => undefined };
      },
      (page) => opened.push(page),
    );
    const alert = evaluateAlerts({ mailboxes: [], consentRevoked: true, crmProblem: 'The CRM has no account.', backlogHistory: null });
    notify({ type: 'alerts.changed', items: alert.map((a) => ({ ...a, since: 'x' })), raised: ['crm'] });
    notify({ type: 'sync.paused', paused: true });
    expect(shown.map((s) => [s.title, s.body])).toEqual([['The CRM cannot be used', 'The CRM has no account.']]);
    shown[0]?.click?.();
    expect(opened).toEqual(['/setup']);
  });
});
