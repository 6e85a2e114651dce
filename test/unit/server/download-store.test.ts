import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleServer, type ConsoleServer } from '../../../src-main/server/console-server.js';
import { createDownloadStore, DOWNLOAD_TTL_MS, type DownloadStore } from '../../../src-main/server/download-store.js';
import { stubHandlers } from '../../support/api-handler-stubs.js';

type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function get(server: ConsoleServer, urlPath: string, headers: Record<string, string>): Promise<RawResponse> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), method: 'GET', path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A timer the test fires by hand: expiry is behaviour, not a wait. */
function manualTimers() {
  const pending: { run: () => void; ms: number; cancelled: boolean }[] = [];
  return {
    pending,
    schedule: (run: () => void, ms: number) => {
      const entry = { run, ms, cancelled: false };
      pending.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
  };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

let base: string;
let store: DownloadStore;
let server: ConsoleServer;
let auth: Record<string, string>;
const timers = manualTimers();

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'download-store-'));
  store = await createDownloadStore({ schedule: timers.schedule, tmpDir: base });
  server = await startConsoleServer({ handlers: stubHandlers(), staticDir: base, downloads: store });
  auth = { Host: new URL(server.origin).host, Authorization: `Bearer ${server.token}` };
});

afterAll(async () => {
  await server.close();
  await store.close();
  await rm(base, { recursive: true, force: true });
});

async function exportText(text: string, format: 'csv' | 'jsonl' = 'csv'): Promise<string> {
  const { stream, location } = await store.sink({ fileName: `audit "x"\r\n.${format}`, format });
  stream.end(text);
  await finished(stream);
  return location;
}

describe('one-time downloads of the headless console', () => {
  it('serves an export once, as an attachment, then deletes its file', async () => {
    const location = await exportText('seq,at\n1,2026-01-01\n');
    expect(location).toMatch(/^\/api\/downloads\/[A-Za-z0-9_-]{32}$/);
    const [dir] = await readdir(base);
    const filesBefore = await readdir(path.join(base, dir!));
    expect(filesBefore).toHaveLength(1);

    const res = await get(server, location, auth);
    expect(res.status).toBe(200);
    expect(res.body).toBe('seq,at\n1,2026-01-01\n');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    // The suggested name is reduced to safe characters: no header injection, no quotes.
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit__x___.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    // The file goes once the response has been written (the client may see the end first).
    await expect.poll(() => exists(path.join(base, dir!, filesBefore[0]!))).toBe(false);

    const again = await get(server, location, auth);
    expect(again.status).toBe(404);
  });

  it('requires the session token', async () => {
    const location = await exportText('secret rows');
    const res = await get(server, location, { Host: auth.Host! });
    expect(res.status).toBe(401);
    expect(res.body).not.toContain('secret rows');
    // The refused request did not consume it.
    expect((await get(server, location, auth)).body).toBe('secret rows');
  });

  it('refuses unknown and malformed ids', async () => {
    expect((await get(server, '/api/downloads/nope', auth)).status).toBe(404);
    expect((await get(server, '/api/downloads/..%2f..%2fetc', auth)).status).toBe(404);
  });

  it('deletes an export nobody fetched when its ten minutes are up', async () => {
    const location = await exportText('{"seq":1}\n', 'jsonl');
    const timer = timers.pending.at(-1)!;
    expect(timer.ms).toBe(DOWNLOAD_TTL_MS);
    const [dir] = await readdir(base);
    const [file] = (await readdir(path.join(base, dir!))).filter((f) => f.endsWith('.jsonl'));
    timer.run();
    expect((await get(server, location, auth)).status).toBe(404);
    await expect.poll(() => exists(path.join(base, dir!, file!))).toBe(false);
  });

  it('cancels the expiry timer of a download once served', async () => {
    const location = await exportText('x');
    const timer = timers.pending.at(-1)!;
    await get(server, location, auth);
    expect(timer.cancelled).toBe(true);
  });
});
