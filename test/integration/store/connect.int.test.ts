import { createServer } from 'node:net';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { dropDatabase } from '../../../src-main/store/admin.js';

const server = inject('mariadbUrl');

async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const address = listener.address();
  await new Promise((resolve) => listener.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('connectMariaDb', () => {
  const created = withDatabase(server, `t_created_${process.pid}`);
  afterAll(async () => {
    await dropDatabase(created);
  });

  it('creates the database named in the URL, in utf8mb4, and reads DATETIME as UTC', async () => {
    const pool = await connectMariaDb(created);
    try {
      const [[row]] = await pool.query<RowDataPacket[]>(
        "SELECT DATABASE() AS db, @@character_set_database AS charset, @@session.time_zone AS tz, CAST('2024-01-02 03:04:05.678' AS DATETIME(3)) AS at",
      );
      expect(row).toMatchObject({ db: `t_created_${process.pid}`, charset: 'utf8mb4', tz: '+00:00' });
      expect((row?.['at'] as Date).toISOString()).toBe('2024-01-02T03:04:05.678Z');
    } finally {
      await pool.end();
    }
  });

  it('says "connection refused" when nothing listens', async () => {
    const port = await closedPort();
    await expect(connectMariaDb(`mysql://root@127.0.0.1:${port}/x`)).rejects.toMatchObject({
      code: 'database-unavailable',
      message: expect.stringContaining('connection refused'),
      retryable: true,
    });
  });

  it('says "access denied" for wrong credentials, without the password', async () => {
    const url = new URL(server);
    url.password = 'definitely-wrong';
    const error = await connectMariaDb(url.toString()).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: 'database-unavailable', message: expect.stringContaining('access denied') });
    expect((error as Error).message).not.toContain('definitely-wrong');
  });

  it('says "DNS" for a host that does not resolve', async () => {
    await expect(connectMariaDb('mysql://root@no-such-host.invalid:3306/x')).rejects.toMatchObject({
      code: 'database-unavailable',
      message: expect.stringContaining('DNS'),
    });
  });

  it('reports a TLS failure when the server offers no TLS but a CA file is given', async () => {
    const error = await connectMariaDb(server, { caFile: new URL(import.meta.url).pathname }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'database-unavailable', message: expect.stringContaining('TLS') });
  });
});
