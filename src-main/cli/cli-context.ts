/**
 * What every command receives: output channels (stdout is reserved for results, --json documents
 * especially; progress and logs go to stderr), the environment read once, and a way to wait for
 * the user's Ctrl-C in long-running commands.
 */
import type { Writable } from 'node:stream';
import type { CliEnv } from './cli-env.js';

export type CliIo = {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** The real stdout stream, for output streamed with backpressure (audit export); absent in tests. */
  stdoutStream?: Writable;
  /** Resolves on SIGINT/SIGTERM; long-running commands await it, then shut down cleanly. */
  untilStopped(): Promise<void>;
};

export type CliContext = { io: CliIo; env: () => CliEnv };
