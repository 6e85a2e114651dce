/**
 * Not a test: one store worker of the fleet bench (fleet-workers.ts), an OS process of its own.
 * It commits `count` captured emails (bench-emails.ts, numbers from `first`) in pages of 100
 * straight to the store, one page after another as one mailbox's sync does, into its own mailbox
 * of the shared database - like the store part, but beside other such processes. The emails of all
 * workers form one thread across their mailboxes (bench-emails.ts): the page storing a worker's last
 * email is the one the next worker's emails wait for, settled after the commits (thread-settle.ts).
 * It ends as a sync cycle does, settling threads and sealing into the audit chain what its page
 * commits left (audit-seal.ts).
 */
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { MariaDbMailStore } from '../../../src-main/store/mariadb-mail-store.js';
import { emptyCycleSummary } from '../../../src-shared/domain.js';
import { benchEmail } from './bench-emails.js';
import { runAsWorker, workerConfig } from './fleet-worker-child.js';

export type StoreWorkerConfig = { url: string; mailbox: string; first: number; count: number; pageSize: number };
export type StoreWorkerReport = { emails: number; pages: number; seconds: number; cpuSeconds: number };

const config = workerConfig<StoreWorkerConfig>();

await runAsWorker(
  async () => {
    const store = new MariaDbMailStore(await connectMariaDb(config.url, { connectionLimit: 4 }), { searchOutbox: false });
    await store.upsertMailboxes([{ address: config.mailbox, displayName: config.mailbox, graphUserId: `u-${config.mailbox}`, optedIn: true }]);
    return store;
  },
  async (store) => {
    let pages = 0;
    for (let offset = 0; offset < config.count; offset += config.pageSize) {
      const imports = Array.from({ length: Math.min(config.pageSize, config.count - offset) }, (_, k) => benchEmail(config.first + offset + k));
      await store.commitPage({ mailbox: config.mailbox, folderId: 'inbox', imports, decisions: [], nextCursor: `next-${offset}`, roundComplete: false });
      pages += 1;
    }
    await store.recordCycle(emptyCycleSummary(), new Date());
    return { emails: config.count, pages };
  },
  (store) => store.close(),
);
