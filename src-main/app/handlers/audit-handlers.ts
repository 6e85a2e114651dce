/**
 * `audit.*`: the console's audit page. `audit.list` pages newest first (keyset on seq);
 * `audit.export` streams the selection through the shell's export sink — a save path in
 * Electron, a one-time download in the headless console — and audits the export itself.
 */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ApiHandlers } from '../../../src-shared/api.js';
import { AppError } from '../../../src-shared/errors.js';
import type { AuditSource } from '../../audit/audit-entry.js';
import { exportAudit } from '../../audit/audit-export.js';
import type { ExportFormat } from '../../audit/audit-format.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { AuditStore } from '../../audit/audit-store.js';

/** Where an export goes: the shell opens a destination for a suggested file name and says where it is. */
export type AuditExportSink = (request: { fileName: string; format: ExportFormat }) => Promise<{ stream: Writable; location: string }>;

export type AuditHandlerDeps = {
  store: AuditStore | null;
  log: AuditLog;
  source: AuditSource;
  /** Who uses the console: until admin sign-in identifies them, the shell's administrator. */
  actor: string;
  exportSink: AuditExportSink | null;
  now: () => Date;
};

export function auditHandlers(deps: AuditHandlerDeps): Pick<ApiHandlers, 'audit.list' | 'audit.export'> {
  const store = () => {
    if (!deps.store) throw new AppError('not-configured', 'The audit log needs the database.');
    return deps.store;
  };
  return {
    'audit.list': async (input) => {
      const items = await store().read({
        ...(input.beforeSeq !== undefined ? { beforeSeq: input.beforeSeq } : {}),
        ...(input.from !== undefined ? { from: new Date(input.from) } : {}),
        ...(input.to !== undefined ? { to: new Date(input.to) } : {}),
        ...(input.actions !== undefined ? { actions: input.actions } : {}),
        ...(input.actor !== undefined ? { actor: input.actor } : {}),
        ...(input.mailbox !== undefined ? { mailbox: input.mailbox } : {}),
        order: 'desc',
        limit: input.limit,
      });
      return { items, nextBeforeSeq: items.length === input.limit ? (items[items.length - 1]?.seq ?? null) : null };
    },
    'audit.export': async (input) => {
      if (!deps.exportSink) throw new AppError('not-available', 'This shell offers no export destination; use `correspondent audit export`.');
      const from = input.from === undefined ? null : new Date(input.from);
      const to = input.to === undefined ? null : new Date(input.to);
      const stamp = deps.now().toISOString().replace(/[:.]/g, '-');
      const { stream, location } = await deps.exportSink({ fileName: `correspondent-audit-${stamp}.${input.format}`, format: input.format });
      const result = await exportAudit(store(), stream, { format: input.format, from, to, actions: input.actions ?? null, actor: input.actor ?? null, mailbox: input.mailbox ?? null });
      stream.end();
      await finished(stream);
      await deps.log.record({
        actor: deps.actor,
        source: deps.source,
        action: 'audit.exported',
        payload: {
          format: input.format,
          from: from?.toISOString() ?? null,
          to: to?.toISOString() ?? null,
          actions: input.actions ?? null,
          // Named as filters: an entry's own `mailbox` says it is about that mailbox (the mailbox filter matches it).
          actorFilter: input.actor ?? null,
          mailboxFilter: input.mailbox ?? null,
          entries: result.entries,
        },
      });
      return { location, format: input.format, entries: result.entries };
    },
  };
}
