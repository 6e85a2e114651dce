import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { startPrivateMariaDb } from '../../../src-main/store/private-mariadb.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function databases(url: string): Promise<string[]> {
  const pool = await connectMariaDb(url, { connectionLimit: 1 });
  try {
    const [rows] = await pool.query<RowDataPacket[]>('SHOW DATABASES');
    return rows.map((row) => String(row['Database']));
  } finally {
    await pool.end();
  }
}

describe('startPrivateMariaDb', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'correspondent-private-test-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('initialises a data dir, reuses a running server, stops cleanly and restarts with the data kept', async () => {
    const dataDir = path.join(root, 'persistent');
    const first = await startPrivateMariaDb({ dataDir });
    try {
      expect(first.reused).toBe(false);
      expect(first.url).toMatch(/^mysql:\/\/root@127\.0\.0\.1:\d+\/$/);
      await connectMariaDb(`${first.url}kept_db`, { connectionLimit: 1 }).then((pool) => pool.end());

      const again = await startPrivateMariaDb({ dataDir });
      expect(again).toMatchObject({ reused: true, url: first.url, pid: first.pid });
      await again.stop();
      expect(isAlive(first.pid)).toBe(true);
    } finally {
      await first.stop();
    }
    expect(isAlive(first.pid)).toBe(false);

    const restarted = await startPrivateMariaDb({ dataDir });
    try {
      expect(restarted.reused).toBe(false);
      expect(await databases(restarted.url)).toContain('kept_db');
    } finally {
      await restarted.stop();
    }
  });

  it('ignores a stale pid file left by a crash', async () => {
    const dataDir = path.join(root, 'stale');
    const server = await startPrivateMariaDb({ dataDir });
    await server.stop();
    const gone = spawn(process.execPath, ['-e', '']);
    await once(gone, 'exit');
    await writeFile(path.join(dataDir, 'mariadbd.pid'), `${gone.pid}\n`);

    const next = await startPrivateMariaDb({ dataDir });
    try {
      expect(next.reused).toBe(false);
      expect(await databases(next.url)).toContain('mysql');
    } finally {
      await next.stop();
    }
  });

  it('explains what to do when the MariaDB programs are not installed', async () => {
    const empty = await mkdtemp(path.join(root, 'no-binaries-'));
    await expect(startPrivateMariaDb({ dataDir: path.join(root, 'unused'), searchPath: empty, fallbackDirs: [] })).rejects.toMatchObject({
      code: 'database-unavailable',
      message: expect.stringMatching(/mariadbd and mariadb-install-db not found.*setup script/s),
    });
  });
});
