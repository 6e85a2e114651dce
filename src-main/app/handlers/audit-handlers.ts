/**
 * `audit.*`: the console's audit page. `audit.list` pages newest first (keyset on seq);
 * `audit.export` streams the selection through the shell's export sink — a save path in
 * Electron, a one-time download in the headless console — and audits the export itself.
 */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ApiHandlers } from '../../../src-shared/api.js';
import { AppError } from '../../../src-shared/errors.js';
import { exportAudit } from '../../audit/audit-export.js';
import type { ExportFormat } from '../../audit/audit-format.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { AuditEntryInput } from '../../audit/audit-entry.js';
import type { AuditStore } from '../../audit/audit-store.js';

/** Where an export goes: the shell opens a destination for a suggested file name and says where it is. */
export type AuditExportSink = (request: { fileName: string; format: ExportFormat }) => Promise<{ stream: Writable; location: string }>;

export type AuditHandlerDeps = {
  store: AuditStore | null;
  log: AuditLog;
  /** Who exports: the signed-in administrator or the OS user, and from where (caller.ts). */
  who: () => { actor: string; source: AuditEntryInput['source'] };
  exportSink: AuditExportSink | null;
  now: () => Date;
};

/** A range whose start is not before its end selects nothing: refused, so it is never mistaken for "no entries". */
function checkRange(input: { from?: string | undefined; to?: string | undefined }): void {
  if (input.from !== undefined && input.to !== undefined && Date.parse(input.from) >= Date.parse(input.to)) {
    throw new AppError('invalid-input', 'The "From" day is after the "To" day. Choose a From day on or before the To day.', {
      issues: [{ path: 'from', message: 'Choose a From day on or before the To day.' }],
    });
  }
}

export function auditHandlers(deps: AuditHandlerDeps): Pick<ApiHandlers, 'audit.list' | 'audit.export'> {
  const store = () => {
    if (!deps.store) throw new AppError('not-configured', 'The audit log needs the database.');
    return deps.store;
  };
  return {
    'audit.list': async (input) => {
      checkRange(input);
      await store().sealPending?.(); // staged page entries (store/audit-seal.ts) are listed too
      // The time range as the export applies it (a contiguous seq range), so a filtered export
      // holds exactly the entries this list pages through, and `total` counts them.
      const range = await store().seqRange(input.from === undefined ? null : new Date(input.from), input.to === undefined ? null : new Date(input.to));
      if (range === null) return { items: [], nextBeforeSeq: null, total: 0 };
      const filter = {
        fromSeq: range.first,
        throughSeq: range.last,
        ...(input.actions !== undefined && input.actions.length > 0 ? { actions: input.actions } : {}),
        ...(input.actor !== undefined ? { actor: input.actor } : {}),
        ...(input.mailbox !== undefined ? { mailbox: input.mailbox } : {}),
      };
      const [items, total] = await Promise.all([
        store().read({ ...filter, ...(input.beforeSeq !== undefined ? { beforeSeq: input.beforeSeq } : {}), order: 'desc', limit: input.limit }),
        store().count(filter),
      ]);
      return { items, nextBeforeSeq: items.length === input.limit ? (items[items.length - 1]?.seq ?? null) : null, total };
    },
    'audit.export': async (input) => {
      checkRange(input);
      if (!deps.exportSink) throw new AppError('not-available', 'This shell offers no export destination; use `correspondent audit export`.');
      const from = input.from === undefined ? null : new Date(input.from);
      const to = input.to === undefined ? null : new Date(input.to);
      const stamp = deps.now().toISOString().replace(/[:.]/g, '-');
      const { stream, location } = await deps.exportSink({ fileName: `correspondent-audit-${stamp}.${input.format}`, format: input.format });
      const result = await exportAudit(store(), stream, { format: input.format, from, to, actions: input.actions ?? null, actor: input.actor ?? null, mailbox: input.mailbox ?? null });
      stream.end();
      await finished(stream);
      await deps.log.record({
        ...deps.who(),
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
