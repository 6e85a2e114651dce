/**
 * Process entry of the CLI: real stdout/stderr, signals, exit code. Everything testable is in
 * main.ts (runCli), which tests drive with fake I/O.
 */
import { runCli } from './main.js';

const stopped = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stdoutStream: process.stdout,
  untilStopped: () => stopped,
});
process.exitCode = code;
