/**
 * One-time downloads for the headless console. A browser cannot receive a file through the Api's
 * JSON answers, so `audit.export` writes through this store's sink to a private temp file and
 * answers with a tokenised URL (/api/downloads/<id>); the console server serves it once (session
 * token required) and deletes it, and an export nobody fetches is deleted after ten minutes.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AuditExportSink } from '../app/handlers/audit-handlers.js';

export const DOWNLOAD_PATH_PREFIX = '/api/downloads/';
export const DOWNLOAD_TTL_MS = 10 * 60 * 1000;

export type Download = { filePath: string; fileName: string; contentType: string };

/** Schedules `run` after `ms`; returns a cancel function. Injected so tests never wait. */
export type ScheduleTimer = (run: () => void, ms: number) => () => void;

export interface DownloadStore {
  readonly sink: AuditExportSink;
  /** Removes the download from the store (it is served at most once); null when unknown or expired. */
  take(id: string): Download | null;
  /** Deletes the file of a download once served. */
  discard(download: Download): Promise<void>;
  close(): Promise<void>;
}

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' } as const;

const defaultTimer: ScheduleTimer = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export async function createDownloadStore(options: { ttlMs?: number; schedule?: ScheduleTimer; tmpDir?: string } = {}): Promise<DownloadStore> {
  const dir = await mkdtemp(path.join(options.tmpDir ?? os.tmpdir(), 'correspondent-downloads-'));
  const ttlMs = options.ttlMs ?? DOWNLOAD_TTL_MS;
  const schedule = options.schedule ?? defaultTimer;
  const entries = new Map<string, Download & { cancel: () => void }>();

  const remove = (id: string) => {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    entry.cancel();
    void rm(entry.filePath, { force: true });
  };

  return {
    sink: async ({ fileName, format }) => {
      const id = randomBytes(24).toString('base64url');
      const filePath = path.join(dir, `${id}.${format}`);
      const stream = createWriteStream(filePath, { mode: 0o600 });
      const cancel = schedule(() => remove(id), ttlMs);
      entries.set(id, { filePath, fileName, contentType: CONTENT_TYPES[format], cancel });
      return { stream, location: `${DOWNLOAD_PATH_PREFIX}${id}` };
    },
    take(id) {
      const entry = entries.get(id);
      if (!entry) return null;
      entries.delete(id);
      entry.cancel();
      return { filePath: entry.filePath, fileName: entry.fileName, contentType: entry.contentType };
    },
    async discard(download) {
      await rm(download.filePath, { force: true });
    },
    async close() {
      for (const id of [...entries.keys()]) remove(id);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
