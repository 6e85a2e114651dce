/**
 * `correspondent audit export|verify|trim` (shared/docs/cli.md "Data"; docs/audit.md):
 * - export: the log (or a time range of it) as CSV or JSON lines, to --out FILE or stdout, with
 *   progress on stderr; the export itself is audited;
 * - verify [FILE]: the stored chain, or an exported JSONL file on its own (a third party's check),
 *   or with --database both and every exported entry against the database; names the first
 *   broken entry and exits 1 when there is one;
 * - trim --before ISO: retention of whole old segments, on the audit-admin connection.
 */
import { createWriteStream } from 'node:fs';
import { osUserName } from '../../app/caller.js';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { AppError, isAppError } from '../../../src-shared/errors.js';
import { defaultDataDir } from '../../app/data-dir.js';
import { exportAudit } from '../../audit/audit-export.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../audit/audit-format.js';
import { createAuditLog } from '../../audit/audit-log.js';
import { compareExportWithStore, verifyExportFile, verifyStoredLog } from '../../audit/audit-verify.js';
import type { VerifyResult } from '../../audit/chain-verifier.js';
import { DEFAULT_SEGMENT_SIZE, trimAuditLogAt } from '../../store/audit-trim.js';
import { withDatabase, parseDatabaseUrl } from '../../store/database-url.js';
import { openMailStore, type OpenedStore } from '../../store/open-store.js';
import type { PreviewSummary } from '../../rules/preview.js';
import { parseDateOption } from '../parse-date.js';

export type AuditCliContext = {
  io: { stdout(t: string): void; stderr(t: string): void };
  env: () => { mariadbUrl: string | null; mariadbCaFile: string | null; elasticsearchUrl: string | null };
  /** MARIADB_AUDIT_ADMIN_URL: the account allowed to trim (DELETE on audit_log). */
  auditAdminUrl?: () => string | null;
  /** The real stdout, for exports to stdout with backpressure; default: io.stdout. */
  stdoutStream?: () => Writable;
  now?: () => Date;
};

const PROGRESS_EVERY = 50_000;

export function registerAudit(program: Command, context: AuditCliContext): void {
  const audit = program.commands.find((c) => c.name() === 'audit') ?? program.command('audit').description('the audit log: export, verify, trim');
  const output = { writeErr: (text: string) => context.io.stderr(text), writeOut: (text: string) => context.io.stdout(text) };

  const exportCommand = audit
    .command('export')
    .description('Export the audit log as CSV or JSON lines (with the chain hashes)')
    .requiredOption('--format <format>', 'csv or jsonl', formatOf)
    .option('--from <iso>', 'entries at or after this time', parseDateOption)
    .option('--to <iso>', 'entries before this time', parseDateOption)
    .option('--action <action...>', 'only these actions (the export then verifies entry by entry)')
    .option('--out <file>', 'write here instead of stdout')
    .option('--data-dir <dir>', 'data folder (private MariaDB when MARIADB_URL is not set)')
    .configureOutput(output);
  exportCommand.action(async (options: { format: ExportFormat; from?: Date; to?: Date; action?: string[]; out?: string }) => {
    const { format } = options;
    const from = options.from ?? null;
    const to = options.to ?? null;
    await withStore(exportCommand, context, async (opened) => {
      const out = options.out === undefined ? stdoutWritable(context) : createWriteStream(options.out, { flags: 'wx' });
      const result = await exportAudit(opened.audit, out, {
        format,
        from,
        to,
        actions: options.action ?? null,
        onProgress: (written, total) => {
          if (written % PROGRESS_EVERY < 2000 || written === total) context.io.stderr(`audit export: ${written} of at most ${total} entries\n`);
        },
      });
      if (options.out !== undefined) {
        out.end();
        await finished(out);
      }
      context.io.stderr(`audit export: ${result.entries} entries${result.firstSeq === null ? '' : ` (seq ${result.firstSeq}-${result.lastSeq})`}\n`);
      await createAuditLog({ store: opened.audit, clock: context.now ?? (() => new Date()) }).record({
        actor: cliActor(),
        source: 'cli',
        action: 'audit.exported',
        payload: { format, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null, actions: options.action ?? null, entries: result.entries },
      });
    });
  });

  const verifyCommand = audit
    .command('verify')
    .description('Check the hash chain of the stored log, or of an exported JSONL file')
    .argument('[file]', 'an export (--format jsonl) to verify on its own')
    .option('--database', 'with FILE: also verify the stored log and compare every exported entry with it')
    .option('--json', 'one JSON document on stdout')
    .option('--data-dir <dir>', 'data folder (private MariaDB when MARIADB_URL is not set)')
    .configureOutput(output);
  verifyCommand.action(async (file: string | undefined, options: { database?: boolean; json?: boolean }) => {
    const report: Record<string, unknown> = {};
    let broken: string | null = null;
    if (file !== undefined) {
      const result = await verifyExportFile(file);
      report['file'] = result;
      broken ??= describeBreak(`${file}`, result);
    }
    if (file === undefined || options.database) {
      await withStore(verifyCommand, context, async (opened) => {
        const result = await verifyStoredLog(opened.audit);
        report['database'] = result;
        broken ??= describeBreak('the stored log', result);
        if (file !== undefined && result.ok) {
          const trimmedThrough = result.anchor === 'trim' && result.firstSeq !== null ? result.firstSeq - 1 : 0;
          const compared = await compareExportWithStore(file, opened.audit, trimmedThrough);
          report['comparison'] = compared;
          if (!compared.ok && compared.firstDifference) broken ??= `${file} against the database: ${compared.firstDifference.message}`;
        }
      });
    }
    if (options.json) context.io.stdout(`${JSON.stringify({ ok: broken === null, ...report })}\n`);
    else for (const [what, result] of Object.entries(report)) context.io.stdout(summaryLine(what, result));
    if (broken !== null) throw new AppError('invalid-input', `audit log broken: ${broken}`);
  });

  const trimCommand = audit
    .command('trim')
    .description('Retention: remove whole old segments of the log, recording the trim (needs the audit-admin account)')
    .requiredOption('--before <iso>', 'remove segments whose entries are all older than this', parseDateOption)
    .option('--segment-size <n>', 'entries per segment', String(DEFAULT_SEGMENT_SIZE))
    .option('--json', 'one JSON document on stdout')
    .option('--data-dir <dir>', 'data folder (private MariaDB when MARIADB_URL is not set)')
    .configureOutput(output);
  trimCommand.action(async (options: { before: Date; segmentSize: string; json?: boolean }) => {
    const { before } = options;
    const segmentSize = Number(options.segmentSize);
    if (!Number.isInteger(segmentSize) || segmentSize < 1) throw new AppError('invalid-input', `--segment-size must be a positive whole number, not ${options.segmentSize}.`);
    await withStore(trimCommand, context, async (opened) => {
      const adminUrl = context.auditAdminUrl?.() ?? null;
      const database = parseDatabaseUrl(opened.url).database;
      const url = adminUrl === null ? opened.url : parseDatabaseUrl(adminUrl).database === null ? withDatabase(adminUrl, database) : adminUrl;
      const now = (context.now ?? (() => new Date()))();
      const result = await trimAuditLogAt(url, context.env().mariadbCaFile, { before, segmentSize, actor: cliActor(), source: 'cli', now });
      if (options.json) context.io.stdout(`${JSON.stringify({ trimmed: result })}\n`);
      else context.io.stdout(result === null ? 'Nothing to trim: no whole segment is older than that.\n' : `Trimmed entries ${result.fromSeq}-${result.throughSeq} (${result.entries}); the trim is recorded in the log.\n`);
    });
  });

  const grantsCommand = audit
    .command('grants')
    .description('Print the GRANT statements that make the audit log append-only for the app account (run them as a DBA)')
    .requiredOption('--app-user <user@host>', "the application's account, e.g. correspondent@%")
    .requiredOption('--admin-user <user@host>', 'the audit-admin account that may trim, e.g. correspondent_audit@%')
    .option('--data-dir <dir>', 'data folder (private MariaDB when MARIADB_URL is not set)')
    .configureOutput(output);
  grantsCommand.action(async (options: { appUser: string; adminUser: string }) => {
    const app = accountOf('--app-user', options.appUser);
    const admin = accountOf('--admin-user', options.adminUser);
    await withStore(grantsCommand, context, async (opened) => {
      for (const statement of await opened.audit.grantStatements(app, admin)) context.io.stdout(`${statement};\n`);
    });
  });
}

function accountOf(flag: string, value: string): { user: string; host: string } {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) throw new AppError('invalid-input', `${flag} must be user@host, e.g. correspondent@%, not "${value}".`);
  return { user: value.slice(0, at), host: value.slice(at + 1) };
}


async function withStore(command: Command, context: AuditCliContext, work: (opened: OpenedStore) => Promise<void>): Promise<void> {
  const env = context.env();
  const dataDir: unknown = command.optsWithGlobals()['dataDir'];
  const opened = await openMailStore({
    mariadbUrl: env.mariadbUrl,
    mariadbCaFile: env.mariadbCaFile,
    dataDir: typeof dataDir === 'string' && dataDir !== '' ? dataDir : defaultDataDir(),
    searchOutbox: env.elasticsearchUrl !== null,
  });
  try {
    await work(opened);
  } finally {
    await opened.close();
  }
}

function formatOf(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError('must be csv or jsonl');
  return value as ExportFormat;
}

function stdoutWritable(context: AuditCliContext): Writable {
  if (context.stdoutStream) return context.stdoutStream();
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      context.io.stdout(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      callback();
    },
  });
}

function describeBreak(what: string, result: VerifyResult): string | null {
  return result.firstBreak === null ? null : `${what}: entry ${result.firstBreak.seq} (${result.firstBreak.kind}): ${result.firstBreak.message}`;
}

function summaryLine(what: string, result: unknown): string {
  if (what === 'comparison') {
    const c = result as { ok: boolean; compared: number; trimmed: number };
    return c.ok ? `The export matches the database: ${c.compared} entries compared, ${c.trimmed} trimmed since.\n` : 'The export does not match the database.\n';
  }
  const r = result as VerifyResult;
  const name = what === 'file' ? 'Export' : 'Stored log';
  if (!r.ok) return `${name}: BROKEN at entry ${r.firstBreak?.seq ?? '?'} (${r.firstBreak?.kind ?? '?'}): ${r.firstBreak?.message ?? ''}\n`;
  if (r.entries === 0) return `${name}: empty.\n`;
  const start = r.anchor === 'trim' ? ', starting after a recorded trim' : r.anchor === 'outside-file' ? ', starting after entries outside the file' : '';
  const legacy = r.legacy > 0 ? `, ${r.legacy} legacy entries without hash before the chain` : '';
  return `${name}: OK, ${r.entries} entries (seq ${r.firstSeq}-${r.lastSeq})${start}${legacy}; head hash ${r.headHash ?? 'none'}.\n`;
}

/** The audit actor of a CLI command: the operating-system user who ran it. */
export function cliActor(): string {
  return osUserName();
}

/**
 * Audits a CLI preview run when the installation's database is named (MARIADB_URL): preview itself
 * stores nothing and must not start a private MariaDB just to say it ran. A failure to audit is a
 * warning on stderr; the preview's output stands.
 */
export function previewAuditor(context: AuditCliContext): (run: { input: 'messages' | 'eml'; summary: PreviewSummary }) => Promise<void> {
  return async ({ input, summary }) => {
    const env = context.env();
    if (env.mariadbUrl === null) return;
    try {
      const opened = await openMailStore({ mariadbUrl: env.mariadbUrl, mariadbCaFile: env.mariadbCaFile, dataDir: null, searchOutbox: env.elasticsearchUrl !== null });
      try {
        await createAuditLog({ store: opened.audit, clock: context.now ?? (() => new Date()) }).record({
          actor: cliActor(),
          source: 'cli',
          action: 'preview.run',
          payload: { input, messages: summary.total, imported: summary.imported, skipped: summary.skipped, reasons: summary.byReason },
        });
      } finally {
        await opened.close();
      }
    } catch (error) {
      context.io.stderr(`warning: the preview run could not be written to the audit log (${isAppError(error) ? error.message : 'unexpected failure'}).\n`);
    }
  };
}
