/**
 * The `correspondent` command line (shared/docs/cli.md is the contract). Each command lives in
 * its own module; this file wires them and turns every ending into one line on stderr and the
 * exit codes of docs/cli.md (cli-errors.ts): 1 refused or failed, 2 a usage error, 3 done in
 * part, 4 nothing could run.
 */
import { Command } from 'commander';
import { AppError } from '../../src-shared/errors.js';
import { commanderSentence, reportCommandEnd } from './cli-errors.js';
import { APP_VERSION } from '../app/paths.js';
import { readCliEnv, type CliEnv } from './cli-env.js';
import type { CliContext, CliIo } from './cli-context.js';
import { registerDemo } from './commands/demo.js';
import { registerEmails } from './commands/emails.js';
import { registerPreview } from './commands/preview.js';
import { registerCrmImport } from './commands/crm-import.js';
import { registerCrmConnection } from './commands/crm-connection.js';
import { registerPurge } from './commands/purge.js';
import { registerReindex } from './commands/reindex.js';
import { readCrmDirectory } from '../crm/read-crm-directory.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerConsole } from './commands/console.js';
import { registerSetup } from './commands/setup.js';
import { registerStatus } from './commands/status.js';
import { connectedTenantOpener, openOrRefuse, registerSync } from './commands/sync.js';
import { loggerOf } from './commands/common-options.js';
import { dispatchApiCall } from '../../src-shared/api-dispatch.js';
import { apiContract } from '../../src-shared/api.js';
import { registerWorker } from './commands/worker.js';
import { registerMailboxes } from './commands/mailboxes.js';
import { previewAuditor, registerAudit } from './commands/audit.js';

export function buildProgram(context: CliContext): Command {
  const program = new Command('correspondent')
    .description('Imports customer correspondence from Microsoft 365 into your MariaDB and Elasticsearch.')
    .version(APP_VERSION)
    .option('--data-dir <dir>', 'settings, encrypted secrets and local state (default: the user data folder)')
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (text) => context.io.stdout(text),
      writeErr: (text) => context.io.stderr(text),
      // Commander's usage errors in the house style: "correspondent: unknown command 'x'".
      outputError: (text, write) => write(`correspondent: ${commanderSentence(text)}\n`),
    })
    .exitOverride();
  registerDemo(program, context);
  registerEmails(program, context);
  registerSandbox(program, context);
  // sync, worker and the live preview open the tenant this data directory is connected to (state file + vault).
  const openSyncApp = connectedTenantOpener;
  registerPreview(program, {
    ...context,
    recordPreview: previewAuditor(context),
    previewLiveMailbox: async (command, mailbox, since) => {
      // The console's preview.run, through the Api's validation, on the connected tenant: nothing is stored.
      const opened = await openOrRefuse(openSyncApp, command, context, loggerOf(context));
      try {
        // The tenant's user list (never mail) so the mailbox is known; opt-in choices are untouched.
        await opened.app.discoverMailboxes(() => false);
        const result = await dispatchApiCall(opened.app.handlers, 'preview.run', { source: { kind: 'mailboxes', addresses: [mailbox], since: since.toISOString() } });
        if (!result.ok) throw new AppError(result.error.code, result.error.message);
        return apiContract['preview.run'].output.parse(result.value);
      } finally {
        await opened.close();
      }
    },
    simulateLiveMailbox: async (command, mailbox, since, draft) => {
      // The console's capture.simulate: the stored settings and lists against the draft, nothing stored.
      const opened = await openOrRefuse(openSyncApp, command, context, loggerOf(context));
      try {
        await opened.app.discoverMailboxes(() => false);
        const source = { kind: 'mailboxes', addresses: [mailbox], since: since.toISOString() } as const;
        const result = await dispatchApiCall(opened.app.handlers, 'capture.simulate', { draft, source });
        if (!result.ok) {
          const issue = result.error.issues?.[0];
          throw new AppError(result.error.code, issue ? `--settings-draft: ${issue.path}: ${issue.message}` : result.error.message);
        }
        return apiContract['capture.simulate'].output.parse(result.value);
      } finally {
        await opened.close();
      }
    },
  });
  registerCrmImport(program, { ...context, readCrmDirectory: async (dir) => readCrmDirectory(dir) });
  registerCrmConnection(program, context);
  registerPurge(program, context);
  registerReindex(program, context);
  registerStatus(program, context);
  registerConsole(program, context);
  registerSetup(program, context);
  registerSync(program, context, openSyncApp);
  registerWorker(program, context, openSyncApp);
  registerMailboxes(program, context, openSyncApp);
  const stdoutStream = context.io.stdoutStream;
  registerAudit(program, {
    ...context,
    auditAdminUrl: () => context.io.env['MARIADB_AUDIT_ADMIN_URL'] || null,
    ...(stdoutStream ? { stdoutStream: () => stdoutStream } : {}),
  });
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let env: CliEnv | null = null;
  // Whether a command printed its own result: a failure after it adds no second JSON document.
  let stdoutWritten = false;
  const tracked: CliIo = {
    ...io,
    stdout: (text) => {
      stdoutWritten = true;
      io.stdout(text);
    },
  };
  const context: CliContext = { io: tracked, env: () => (env ??= readCliEnv(io.env)) };
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportCommandEnd(error, io, { json: argv.includes('--json'), stdoutWritten });
  }
}
