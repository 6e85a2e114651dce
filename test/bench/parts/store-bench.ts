/**
 * Store: captured emails persisted per second into MariaDB with all their rows (email, participants,
 * account links, sighting, cursor), committed as the sync commits them: pages of 100 in one
 * transaction each. Uses MARIADB_URL when set, else a private server in a temp folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CapturedEmail } from '../../../src-shared/domain.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { dropDatabase } from '../../../src-main/store/admin.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { MariaDbMailStore } from '../../../src-main/store/mariadb-mail-store.js';
import { migrate } from '../../../src-main/store/migrations/migrate.js';
import { startPrivateMariaDb } from '../../../src-main/store/private-mariadb.js';
import type { PageImport } from '../../../src-main/store/mail-store.js';
import type { BenchPart } from '../bench-types.js';

const PAGE = 100;
const EMAILS = 20_000;

function email(i: number): PageImport {
  const captured: CapturedEmail = {
    messageKey: `bench-${i}@customer${i % 50}.example`,
    internetMessageId: `<bench-${i}@customer${i % 50}.example>`,
    from: { address: `buyer${i % 300}@customer${i % 50}.example`, name: `Buyer ${i % 300}` },
    to: [{ address: `seller${i % 40}@contoso.example`, name: `Seller ${i % 40}` }],
    cc: [{ address: `manager${i % 10}@contoso.example`, name: `Manager ${i % 10}` }],
    subject: `RE: Quote ${i} for the renewal`,
    bodyText: 'Thanks for the call today. As discussed, the updated quote covers 40 seats.\n'.repeat(20),
    sentAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    inReplyTo: i > 0 ? `<bench-${i - 1}@customer${(i - 1) % 50}.example>` : null,
    references: i > 0 ? [`<bench-${i - 1}@customer${(i - 1) % 50}.example>`] : [],
  };
  return { graphId: `graph-${i}`, email: captured, match: { accountIds: [`A-${i % 50}`], contactIds: [`C-${i % 300}`], leadIds: [] } };
}

export const storeBench: BenchPart = {
  name: 'store',
  description: `captured emails persisted per second into MariaDB (${EMAILS.toLocaleString('en-US')} emails, pages of ${PAGE})`,
  async run() {
    const temp = await mkdtemp(path.join(os.tmpdir(), 'bench-store-'));
    const server = process.env.MARIADB_URL ? null : await startPrivateMariaDb({ dataDir: temp });
    const url = withDatabase(process.env.MARIADB_URL ?? server!.url, `bench_store_${process.pid}`);
    const pool = await connectMariaDb(url, { connectionLimit: 4 });
    await migrate(pool);
    const store = new MariaDbMailStore(pool);
    try {
      await store.upsertMailboxes([{ address: 'seller1@contoso.example', displayName: 'Seller', graphUserId: 'u1', optedIn: true }]);
      const started = process.hrtime.bigint();
      for (let offset = 0; offset < EMAILS; offset += PAGE) {
        const imports = Array.from({ length: PAGE }, (_, k) => email(offset + k));
        await store.commitPage({ mailbox: 'seller1@contoso.example', folderId: 'inbox', imports, skipped: {}, nextCursor: `next-${offset}`, roundComplete: false });
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const perSec = EMAILS / seconds;
      return {
        figures: { emailsPerSec: Math.round(perSec), emails: EMAILS, pageSize: PAGE },
        rows: [{ metric: 'emailsPerSec', value: perSec, unit: 'emails/s', target: { op: '>=', value: 3000 } }],
        notes: [`${EMAILS} emails in ${seconds.toFixed(1)} s, each with 3 participants, 1 account link, 1 sighting; ${server ? 'private mariadbd' : 'MARIADB_URL'}`],
      };
    } finally {
      await store.close();
      await dropDatabase(url);
      await server?.stop();
      await rm(temp, { recursive: true, force: true });
    }
  },
};
