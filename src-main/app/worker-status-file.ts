/**
 * Each `correspondent worker` keeps its health (sync/worker-loop.ts) in a small file of the data
 * directory, `workers/<pid>.json`, so that `status` and the console show a worker's state even
 * while the database is down - exactly when the database cannot hold it. Written atomically
 * (temp + rename). A write that fails (a full disk) must never stop the worker: the writer
 * reports each kind of failure once and carries on; the next write tries again.
 */
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { workerStatusSchema, type WorkerStatus } from '../../src-shared/worker-status.js';
import type { Logger } from '../logging/logger.js';
import { processExists } from '../store/lease-holder.js';

export type { WorkerStatus } from '../../src-shared/worker-status.js';

/** The file operations, injectable (a full disk in tests). */
export interface WorkerStatusIo {
  writeFile(file: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  mkdir(dir: string): Promise<void>;
}

const nodeIo: WorkerStatusIo = {
  writeFile: (file, data) => writeFile(file, data, { mode: 0o600 }),
  rename,
  unlink,
  mkdir: async (dir) => {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  },
};

export function workersDir(dataDir: string): string {
  return path.join(dataDir, 'workers');
}

export type WorkerStatusWriter = { write(status: WorkerStatus): Promise<void>; remove(): Promise<void> };

export function createWorkerStatusWriter(dataDir: string, logger: Logger, io: WorkerStatusIo = nodeIo): WorkerStatusWriter {
  const dir = workersDir(dataDir);
  const file = path.join(dir, `${process.pid}.json`);
  const temp = `${file}.tmp`;
  let lastProblem: string | null = null;
  let queue: Promise<void> = Promise.resolve();
  const attempt = async (status: WorkerStatus) => {
    try {
      await io.mkdir(dir);
      await io.writeFile(temp, `${JSON.stringify(status)}\n`);
      await io.rename(temp, file);
      if (lastProblem !== null) logger.warn({ file }, 'worker status file written again');
      lastProblem = null;
    } catch (error) {
      await io.unlink(temp).catch(() => undefined);
      const code = (error as NodeJS.ErrnoException).code ?? 'an I/O error';
      if (code !== lastProblem) logger.warn({ file, code }, `cannot write the worker status file (${code}${code === 'ENOSPC' ? ': the disk is full' : ''}); the worker carries on`);
      lastProblem = code;
    }
  };
  return {
    // Serialised: two writes never race on the temp file; a failure never rejects.
    write(status) {
      queue = queue.then(() => attempt(status));
      return queue;
    },
    async remove() {
      await queue;
      await io.unlink(file).catch(() => undefined);
    },
  };
}

/** The workers of this data directory whose process is alive (a killed worker's file is ignored). */
export async function readWorkerStatuses(dataDir: string, exists: (pid: number) => boolean = processExists): Promise<WorkerStatus[]> {
  const dir = workersDir(dataDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const statuses: WorkerStatus[] = [];
  for (const name of names.filter((n) => /^\d+\.json$/.test(n)).sort()) {
    try {
      const parsed = workerStatusSchema.safeParse(JSON.parse(await readFile(path.join(dir, name), 'utf8')));
      if (parsed.success && exists(parsed.data.pid)) statuses.push(parsed.data);
    } catch {
      // Half a file from a crash, or gone meanwhile: not a live worker's.
    }
  }
  return statuses;
}
