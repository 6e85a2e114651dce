/**
 * The parent side of sync-child.ts: spawns it with a config, parses its JSON lines, lets a test
 * await a line matching a predicate, and kills it (SIGKILL: no cleanup, like a crash).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../../../src-main/app/paths.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sync-child.ts');

export type ChildLine = { page?: string; contentFetch?: string; cycle?: { mailboxes: number }; done?: boolean };

export type SyncChild = {
  process: ChildProcess;
  lines: ChildLine[];
  /** Resolves with the first line (seen or to come) matching `predicate`; rejects if the child exits first. */
  waitFor(predicate: (line: ChildLine, index: number) => boolean): Promise<ChildLine>;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  stderr(): string;
};

export function spawnSyncChild(config: Record<string, unknown>): SyncChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, SYNC_CHILD_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: ChildLine[] = [];
  const waiters: { predicate: (l: ChildLine, i: number) => boolean; resolve: (l: ChildLine) => void; reject: (e: Error) => void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-20_000)));
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: ChildLine;
    try {
      line = JSON.parse(text) as ChildLine;
    } catch {
      return;
    }
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(line, lines.length - 1)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => {
    for (const waiter of waiters.splice(0)) waiter.reject(new Error(`sync child exited before the awaited line; stderr: ${stderr.slice(-2000)}`));
  });
  return {
    process: child,
    lines,
    exited,
    stderr: () => stderr,
    waitFor(predicate) {
      const index = lines.findIndex(predicate);
      if (index >= 0) return Promise.resolve(lines[index] as ChildLine);
      return new Promise((resolve, reject) => {
        if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`sync child already exited; stderr: ${stderr.slice(-2000)}`));
        else waiters.push({ predicate, resolve, reject });
      });
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
