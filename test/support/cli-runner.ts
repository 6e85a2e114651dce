/**
 * Runs one registered command the way the CLI would (src-main/cli/main.ts): the program's
 * usage errors in the house style, and every ending - result, refusal, usage error, partial
 * outcome - turned into its exit code by the same reporter (src-main/cli/cli-errors.ts).
 */
import { Command } from 'commander';
import { commanderSentence, reportCommandEnd } from '../../src-main/cli/cli-errors.js';

export type CliIo = { stdout(t: string): void; stderr(t: string): void };
export type CliRun = { stdout: string; stderr: string; exitCode: number };

export async function runCli(register: (program: Command, io: CliIo) => void, args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const program = new Command('correspondent')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`correspondent: ${commanderSentence(text)}\n`) });
  register(program, io);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(args, { from: 'user' });
    return { stdout, stderr, exitCode: 0 };
  } catch (error) {
    const exitCode = reportCommandEnd(error, io, { json: args.includes('--json'), stdoutWritten: stdout !== '' });
    return { stdout, stderr, exitCode };
  }
}
