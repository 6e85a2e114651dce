/**
 * Records the admin actions that arrive through the Api in the audit log, in one place rather than
 * in every handler: opting mailboxes in or out, starting, pausing and resuming the sync, running a
 * rule preview, and consent given (a consent run that ended granted) or found revoked (consent
 * health reporting it). Entries carry ids and counts, never mail content.
 */
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { AuditEntryInput } from '../../audit/audit-entry.js';
import type { ActorResolver } from '../caller.js';

export type AuditContext = { audit: AuditLog; actors: Pick<ActorResolver, 'who' | 'setSignedIn'> };

export function auditedHandlers(handlers: ApiHandlers, context: AuditContext): ApiHandlers {
  const { audit, actors } = context;
  let revokedRecorded = false;
  return {
    ...handlers,
    async 'mailboxes.setOptIn'(input) {
      const result = await handlers['mailboxes.setOptIn'](input);
      const by = actors.who();
      await audit.recordAll(
        input.addresses.map((mailbox): AuditEntryInput =>
          input.optedIn ? { ...by, action: 'mailbox.optedIn', payload: { mailbox } } : { ...by, action: 'mailbox.optedOut', payload: { mailbox } },
        ),
      );
      return result;
    },
    async 'sync.runNow'(input) {
      await audit.record({ ...actors.who(), action: 'sync.started', payload: { mailbox: input.mailbox?.toLowerCase() ?? null, trigger: 'manual' } });
      return handlers['sync.runNow'](input);
    },
    async 'sync.pause'(input) {
      const result = await handlers['sync.pause'](input);
      await audit.record({ ...actors.who(), action: 'sync.paused', payload: { mailbox: null } });
      return result;
    },
    async 'sync.resume'(input) {
      const result = await handlers['sync.resume'](input);
      await audit.record({ ...actors.who(), action: 'sync.resumed', payload: { mailbox: null } });
      return result;
    },
    async 'preview.run'(input) {
      const result = await handlers['preview.run'](input);
      const kind = input.source.kind === 'mailboxes' ? 'mailbox' : input.source.kind === 'eml' ? 'eml' : 'messages';
      await audit.record({
        ...actors.who(),
        action: 'preview.run',
        payload: { input: kind, messages: result.summary.total, imported: result.summary.imported, skipped: result.summary.skipped, reasons: result.summary.byReason },
      });
      return result;
    },
    async 'consent.start'(input) {
      const outcome = await handlers['consent.start'](input);
      if (outcome.outcome === 'granted') {
        const tenant = (await handlers['setup.state']({})).tenant;
        await audit.record({
          ...actors.who(),
          action: 'consent.granted',
          payload: { tenantId: outcome.tenantId ?? tenant?.tenantId ?? tenant?.tenant ?? 'unknown', clientId: tenant?.clientId ?? 'unknown', ...(tenant ? { cloud: tenant.cloud } : {}) },
        });
        revokedRecorded = false;
      }
      return outcome;
    },
    async 'admin.signIn'(input) {
      const outcome = await handlers['admin.signIn'](input);
      if (outcome.outcome === 'signed-in') {
        // From now on this console acts as the signed-in administrator, this entry included.
        actors.setSignedIn(outcome.username);
        await audit.record({ ...actors.who(), action: 'admin.signedIn', payload: { username: outcome.username } });
      }
      return outcome;
    },
    async 'consent.health'(input) {
      const health = await handlers['consent.health'](input);
      // Record a revocation once when it is first seen, not on every look at the health page.
      if (health.state === 'consent-revoked' && !revokedRecorded) {
        const status = await handlers['app.status']({});
        await audit.record({ ...actors.who(), action: 'consent.revoked', payload: { tenantId: status.tenant.tenantId ?? 'unknown', reason: health.message.slice(0, 500) } });
        revokedRecorded = true;
      }
      if (health.state !== 'consent-revoked') revokedRecorded = false;
      return health;
    },
  };
}
