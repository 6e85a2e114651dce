/**
 * The one way every command reports how it ended (docs/cli.md "Errors and exit codes"): a single
 * `correspondent: <sentence>` line on stderr, with `--json` a `{"error": {"code", "message"}}`
 * document on stdout (unless the command already printed its own document), and an exit code
 * from one documented table. Before this, usage errors said `error: ...` with exit 2, some
 * commands `error: ...` with exit 1 (or 2 through the program) and the rest `correspondent: ...`.
 */
import { CommanderError } from 'commander';
import { isAppError, type AppErrorCode } from '../../src-shared/errors.js';

/** The exit codes of every command. */
export const EXIT_CODES = {
  /** Everything asked for was done. */
  ok: 0,
  /** Refused or failed: nothing (more) was done; the line on stderr says why. */
  failed: 1,
  /** The command line itself is wrong: unknown command or option, a missing or invalid value. */
  usage: 2,
  /** Done in part: some mailboxes failed, some rows were rejected or removals withheld. */
  partial: 3,
  /** Nothing could run: no mailbox could be synced (none opted in, all held elsewhere or all failed). */
  nothingRan: 4,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** A named outcome code for `--json`: the app's error codes, plus the two partial outcomes. */
export type CliOutcomeCode = AppErrorCode | 'partial' | 'nothing-ran';

/**
 * Thrown by a command that printed its result but did not do everything (exit 3 or 4). The
 * message is the stderr line; the result document already carries the details.
 */
export class CommandIncomplete extends Error {
  constructor(
    readonly exitCode: typeof EXIT_CODES.partial | typeof EXIT_CODES.nothingRan,
    message: string,
  ) {
    super(message);
    this.name = 'CommandIncomplete';
  }

  get code(): CliOutcomeCode {
    return this.exitCode === EXIT_CODES.partial ? 'partial' : 'nothing-ran';
  }
}

export type ReportIo = { stdout(text: string): void; stderr(text: string): void };

/** A message as one line: its line breaks and runs of white space collapsed, at most 2,000 characters. */
export function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 2000 ? `${line.slice(0, 1997)}...` : line;
}

/** Commander's own message ("error: unknown command 'x'") in the house style, without its prefix. */
export function commanderSentence(text: string): string {
  return oneLine(text).replace(/^error:\s*/i, '');
}

/**
 * Turns whatever a command threw into its exit code, writing the stderr line and (with `--json`,
 * when the command printed nothing on stdout yet) the error document. Commander's usage errors
 * were already written by the program's outputError (in the house style); only their JSON
 * document is added here.
 */
export function reportCommandEnd(error: unknown, io: ReportIo, options: { json: boolean; stdoutWritten: boolean }): ExitCode {
  const json = (code: CliOutcomeCode, message: string, issues?: readonly { path: string; message: string }[]) => {
    if (options.json && !options.stdoutWritten) io.stdout(`${JSON.stringify({ error: { code, message, ...(issues ? { issues } : {}) } })}\n`);
  };
  if (error instanceof CommanderError) {
    // Help and --version "fail" with exit code 0.
    if (error.exitCode === 0) return EXIT_CODES.ok;
    json('invalid-input', commanderSentence(error.message));
    return EXIT_CODES.usage;
  }
  if (error instanceof CommandIncomplete) {
    io.stderr(`correspondent: ${oneLine(error.message)}\n`);
    return error.exitCode;
  }
  const code: AppErrorCode = isAppError(error) ? error.code : 'internal';
  const message = isAppError(error) ? oneLine(error.message) : `unexpected failure: ${oneLine(error instanceof Error ? error.message : String(error))}`;
  io.stderr(`correspondent: ${message}\n`);
  json(code, message, isAppError(error) ? error.issues : undefined);
  return EXIT_CODES.failed;
}
