/** Runs one registered command the way the CLI would, capturing stdout, stderr and the exit code. */
import { Command, CommanderError } from 'commander';

export type CliIo = { stdout(t: string): void; stderr(t: string): void };
export type CliRun = { stdout: string; stderr: string; exitCode: number };

export async function runCli(register: (program: Command, io: CliIo) => void, args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const program = new Command('correspondent').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  register(program, io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { stdout, stderr, exitCode: 0 };
  } catch (error) {
    if (error instanceof CommanderError) return { stdout, stderr, exitCode: error.exitCode };
    throw error;
  }
}
