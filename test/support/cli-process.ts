/**
 * The built `correspondent` binary (bin/correspondent.js -> dist/) in a child process, as a server
 * runs it: a one-off command with its exit code and output, or a long-running one (worker) whose
 * output is collected as it comes and which is stopped with a signal.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../src-main/app/paths.js';

const run = promisify(execFile);
export const CORRESPONDENT_BIN = path.join(PACKAGE_ROOT, 'bin', 'correspondent.js');

export function assertBuilt(): void {
  if (!existsSync(path.join(PACKAGE_ROOT, 'dist', 'src-main', 'cli', 'bin.js'))) throw new Error('run `npm run build` first');
}

export type CliResult = { code: number; stdout: string; stderr: string };

export async function correspondent(env: NodeJS.ProcessEnv, args: string[], timeoutMs = 120_000): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CORRESPONDENT_BIN, ...args], { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export type CliProcess = {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  alive(): boolean;
  /** Resolves once `predicate` holds for the output so far (checked on every chunk); rejects if the process exits first. */
  waitForOutput(predicate: (stdout: string, stderr: string) => boolean): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

export function spawnCorrespondent(env: NodeJS.ProcessEnv, args: string[]): CliProcess {
  const child = spawn(process.execPath, [CORRESPONDENT_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const l of [...listeners]) l();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-200_000);
    for (const l of [...listeners]) l();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    waitForOutput(predicate) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(stdout, stderr)) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        void exited.then((code) => {
          if (!listeners.has(check)) return;
          listeners.delete(check);
          reject(new Error(`correspondent exited (${code}) before the awaited output; stderr: ${stderr.slice(-3000)}`));
        });
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
