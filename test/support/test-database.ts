/** A fresh, uniquely named database on the test server (mariadb-global-setup.ts), one per test file. */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { dropDatabase } from '../../src-main/store/admin.js';
import { connectMariaDb } from '../../src-main/store/connect.js';
import { withDatabase } from '../../src-main/store/database-url.js';

export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = inject('mariadbUrl');
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(server, name);
  const pool = await connectMariaDb(url, { connectionLimit: 1 }); // creates the database named in the URL
  await pool.end();
  return { url, name, drop: () => dropDatabase(url) };
}
