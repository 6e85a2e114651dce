/**
 * The fleet bench's worker OS processes (parent side). Forks one child per config (a script run
 * with `node --import tsx`, config as JSON in argv), waits until every child says it is ready
 * (connected, its app built: tsx compiling and startup are not measured), tells all of them to go
 * at once, and collects each one's report. The wall time runs from "go" to the last report.
 * Child side: fleet-worker-child.ts.
 */
import { fork, type ChildProcess } from 'node:child_process';

export type WorkerMessage<R> = { ready: true } | { done: R } | { error: string };

export async function runWorkers<R>(script: string, configs: readonly unknown[]): Promise<{ wallSeconds: number; reports: R[] }> {
  const children: ChildProcess[] = configs.map((config) => fork(script, [JSON.stringify(config)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  try {
    const outcomes = children.map((child, index) => listen<R>(child, index));
    await Promise.all(outcomes.map((o) => o.ready));
    const started = process.hrtime.bigint();
    for (const child of children) child.send({ go: true });
    const reports = await Promise.all(outcomes.map((o) => o.done));
    return { wallSeconds: Number(process.hrtime.bigint() - started) / 1e9, reports };
  } finally {
    await Promise.all(children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill();
      await exited;
    }));
  }
}

function listen<R>(child: ChildProcess, index: number): { ready: Promise<void>; done: Promise<R> } {
  let markReady: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    fail = reject;
  });
  const done = new Promise<R>((resolve, reject) => {
    child.on('message', (raw) => {
      const message = raw as WorkerMessage<R>;
      if ('ready' in message) markReady();
      else if ('done' in message) resolve(message.done);
      else {
        const error = new Error(`fleet worker ${index}: ${message.error}`);
        fail(error);
        reject(error);
      }
    });
    child.once('exit', (code, signal) => {
      const error = new Error(`fleet worker ${index} exited (${code ?? signal}) before its report`);
      fail(error);
      reject(error);
    });
  });
  // Either promise may be the one awaited when the other rejects.
  ready.catch(() => undefined);
  done.catch(() => undefined);
  return { ready, done };
}
