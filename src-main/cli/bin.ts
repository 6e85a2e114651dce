/**
 * Process entry of the CLI: real stdout/stderr, signals, exit code. Everything testable is in
 * main.ts (runCli), which tests drive with fake I/O.
 *
 * A long-running command (worker, sync, console, demo) waits for SIGINT/SIGTERM through
 * `untilStopped`. That wait must itself keep the process alive: every timer of ours is unref'd
 * (house rule), so while MariaDB was down - its pool's sockets closed - nothing else held the
 * event loop, Node found the top-level await unsettled and exited with code 13 and no error line
 * (issue 20). The wait now holds a ref'd handle until a signal arrives.
 */
import { runCli } from './main.js';

let keepAlive: NodeJS.Timeout | null = null;
let signalled = false;
const stopped = new Promise<void>((resolve) => {
  const stop = () => {
    signalled = true;
    if (keepAlive) clearInterval(keepAlive);
    keepAlive = null;
    resolve();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stdoutStream: process.stdout,
  untilStopped: () => {
    // An interval of 2^30 ms never fires; it only holds the event loop open until the signal.
    if (!signalled) keepAlive ??= setInterval(() => undefined, 2 ** 30);
    return stopped;
  },
});
process.exitCode = code;
// The command has finished and closed what it opened; a handle some library still holds (a
// keep-alive socket) must not keep a stopped worker around. Unref'd: a clean exit comes first.
setTimeout(() => process.exit(code), 10_000).unref();
