import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../src-shared/api.js';
import type { AuditEntryInput } from '../../../src-main/audit/audit-entry.js';
import type { AuditLog } from '../../../src-main/audit/audit-log.js';
import { auditedHandlers } from '../../../src-main/app/handlers/audited-handlers.js';
import { createActorResolver, runAsCaller } from '../../../src-main/app/caller.js';
import { stubHandlers } from '../../support/api-handler-stubs.js';

function recording(): AuditLog & { entries: AuditEntryInput[] } {
  const entries: AuditEntryInput[] = [];
  return {
    entries,
    record: async (entry) => void entries.push(entry),
    recordAll: async (list) => void entries.push(...list),
  };
}

const cycle = { mailboxes: 1, read: 0, imported: 0, skipped: {}, alreadyStored: 0, unchanged: 0, durationMs: 1, failed: [], held: [], outcome: 'all-synced' as const, decidedAtEnvelope: 0, decidedAtContent: 0, bytesReceived: 0 };
let health: 'healthy' | 'consent-revoked' = 'healthy';
const base: ApiHandlers = {
  ...stubHandlers(),
  'mailboxes.setOptIn': async (input) => ({ updated: input.addresses.length }),
  'sync.runNow': async () => cycle,
  'sync.pause': async () => ({ paused: true }),
  'sync.resume': async () => ({ paused: false }),
  'preview.run': async () => ({ lines: [], truncated: false, failures: [], summary: { total: 3, imported: 1, skipped: 2, byReason: { 'internal-only': 2 }, missingFromCrm: [] } }),
  'consent.start': async () => ({ outcome: 'granted', tenantId: 'tid-1', confirmed: true, message: 'ok' }),
  'consent.health': async () => ({ state: health, message: health === 'healthy' ? 'ok' : 'Admin consent was revoked.', checkedAt: '2026-01-01T00:00:00Z', consent: null, connectedBy: null, credential: null, aadsts: null }) as never,
  'setup.state': async () => ({ tenant: { tenant: 'contoso.example', tenantId: 'tid-1', clientId: 'app-1', cloud: 'global', sandbox: false, credential: { kind: 'secret', expiresOn: null }, consent: null } }) as never,
  'app.status': async () => ({ version: '1', shell: 'headless', database: { connected: true, serverVersion: null }, tenant: { configured: true, sandbox: false, tenantId: 'tid-1' }, search: { configured: false, backlog: null }, caller: { actor: 'jane', source: 'desktop', signedIn: false } }),
};

describe('auditedHandlers', () => {
  it('records opt-in and opt-out per mailbox, sync started / paused / resumed, and a preview run with its counts', async () => {
    const audit = recording();
    const handlers = auditedHandlers(base, { audit, actors: createActorResolver('cli', () => 'jane') });
    // The console server runs each call as a web-console call; the app itself is the CLI's (demo).
    await runAsCaller('web-console', async () => {
    await handlers['mailboxes.setOptIn']({ addresses: ['a@contoso.example', 'b@contoso.example'], optedIn: true });
    await handlers['mailboxes.setOptIn']({ addresses: ['a@contoso.example'], optedIn: false });
    await handlers['sync.runNow']({ mailbox: 'A@contoso.example' });
    await handlers['sync.pause']({});
    await handlers['sync.resume']({});
    await handlers['preview.run']({ source: { kind: 'graphJson', text: '{}' } } as never);
    });
    expect(audit.entries.map((e) => [e.action, e.payload])).toEqual([
      ['mailbox.optedIn', { mailbox: 'a@contoso.example' }],
      ['mailbox.optedIn', { mailbox: 'b@contoso.example' }],
      ['mailbox.optedOut', { mailbox: 'a@contoso.example' }],
      ['sync.started', { mailbox: 'a@contoso.example', trigger: 'manual' }],
      ['sync.paused', { mailbox: null }],
      ['sync.resumed', { mailbox: null }],
      ['preview.run', { input: 'messages', messages: 3, imported: 1, skipped: 2, reasons: { 'internal-only': 2 } }],
    ]);
    expect(audit.entries.every((e) => e.actor === 'jane' && e.source === 'web-console')).toBe(true);
  });

  it('records what follows an administrator\'s sign-in as theirs; outside a transport call the shell is the source', async () => {
    const audit = recording();
    const handlers = auditedHandlers(
      { ...base, 'admin.signIn': async () => ({ outcome: 'signed-in', username: 'ada@contoso.example', name: 'Ada', tenantId: 'tid-1' }) },
      { audit, actors: createActorResolver('electron', () => 'jane') },
    );
    await handlers['sync.pause']({});
    await runAsCaller('desktop', () => handlers['admin.signIn']({}));
    await runAsCaller('desktop', () => handlers['sync.resume']({}));
    expect(audit.entries.map((e) => [e.action, e.actor, e.source])).toEqual([
      ['sync.paused', 'jane', 'desktop'],
      ['admin.signedIn', 'ada@contoso.example', 'desktop'],
      ['sync.resumed', 'ada@contoso.example', 'desktop'],
    ]);
  });

  it('records consent granted, and a revocation once when health first reports it', async () => {
    const audit = recording();
    const handlers = auditedHandlers(base, { audit, actors: createActorResolver('electron', () => 'jane') });
    await handlers['consent.start']({});
    health = 'consent-revoked';
    await handlers['consent.health']({});
    await handlers['consent.health']({});
    health = 'healthy';
    await handlers['consent.health']({});
    expect(audit.entries.map((e) => [e.action, e.payload])).toEqual([
      ['consent.granted', { tenantId: 'tid-1', clientId: 'app-1', cloud: 'global' }],
      ['consent.revoked', { tenantId: 'tid-1', reason: 'Admin consent was revoked.' }],
    ]);
  });
});
