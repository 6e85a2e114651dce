/**
 * `alerts.list` and `emails.retentionPreview`: what the console needs to warn before harm is done
 * or while it happens - the alerts that hold (checked once if nothing was checked yet), and how many
 * emails a retention setting would delete, with the cutoff that purge (store/purge.ts) applies.
 */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { MailStore } from '../../store/mail-store.js';
import type { AlertMonitor } from '../alerts/alert-monitor.js';

/** Checks the alerts again after the calls that can raise or clear one. */
export function withAlertChecks(handlers: ApiHandlers, monitor: AlertMonitor): ApiHandlers {
  const after = <M extends 'crm.import' | 'consent.start' | 'mailboxes.setOptIn'>(method: M) =>
    (async (input: Parameters<ApiHandlers[M]>[0]) => {
      const result = await (handlers[method] as (i: typeof input) => Promise<unknown>)(input);
      void monitor.check();
      return result;
    }) as ApiHandlers[M];
  return { ...handlers, 'crm.import': after('crm.import'), 'consent.start': after('consent.start'), 'mailboxes.setOptIn': after('mailboxes.setOptIn') };
}

export function alertHandlers(deps: { monitor: AlertMonitor; store: Pick<MailStore, 'countSentBefore'>; now: () => Date }): Pick<ApiHandlers, 'alerts.list' | 'emails.retentionPreview'> {
  return {
    'alerts.list': async () => ({ items: deps.monitor.checked() ? deps.monitor.current() : await deps.monitor.check() }),
    'emails.retentionPreview': async ({ days }) => {
      const cutoff = new Date(deps.now().getTime() - days * 86_400_000);
      return { emails: await deps.store.countSentBefore(cutoff), sentBefore: cutoff.toISOString() };
    },
  };
}
