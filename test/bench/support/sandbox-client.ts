/**
 * Starts the sandbox tenant in a child process (sandbox-child.ts) and talks to it over IPC:
 * latency, traffic counters and request chains, new mail, stop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxOptions } from '@correspondent/m365-sandbox';
import type { ChildReply, ChildRequest, SandboxInfo, Traffic } from './sandbox-protocol.js';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sandbox-child.ts');

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Request = ChildRequest extends infer R ? (R extends ChildRequest ? Omit<R, 'id'> : never) : never;

export type SandboxProcess = {
  info: SandboxInfo;
  setLatency(ms: number): Promise<void>;
  resetTraffic(): Promise<void>;
  traffic(): Promise<Traffic>;
  deliverNewMail(perMailbox: number): Promise<number>;
  /** Per mailbox, the messages per folder a sync must read since `since` (bench-workload.ts). */
  workload(mailboxes: { address: string; since: string }[]): Promise<number[][]>;
  stop(): Promise<void>;
};

export async function startSandboxProcess(options: SandboxOptions & { now?: string }, heapMb = 4096): Promise<SandboxProcess> {
  const child: ChildProcess = fork(entry, [JSON.stringify(options)], { execArgv: ['--import', 'tsx', `--max-old-space-size=${heapMb}`], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  const info = await new Promise<SandboxInfo>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the sandbox process exited (${code}) before it started`)));
    child.on('message', (raw) => {
      const reply = raw as ChildReply;
      if (reply.id === 0 && reply.ok) return resolve(reply.value as SandboxInfo);
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.value);
      else waiting?.reject(new Error(reply.error));
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', () => {
    for (const waiting of pending.values()) waiting.reject(new Error('the sandbox process exited'));
    pending.clear();
  });
  const call = <T>(request: Request): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id });
    });
  return {
    info,
    setLatency: (ms) => call({ kind: 'latency', ms }),
    resetTraffic: () => call({ kind: 'reset' }),
    traffic: () => call({ kind: 'traffic' }),
    deliverNewMail: (perMailbox) => call({ kind: 'deliver', perMailbox }),
    workload: (mailboxes) => call({ kind: 'workload', mailboxes }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await call({ kind: 'stop' }).catch(() => undefined);
      child.kill();
      await exited;
    },
  };
}
