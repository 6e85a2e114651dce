/**
 * Not a test: measures the memory of the lazy benchmark tenant (scale 'bench'). Materialises
 * mailboxes one after another, as a sync of every mailbox would, projects every message of each
 * (bodies included), and prints the peak heap and RSS. Run:
 * (live heap after a GC per mailbox when run with --expose-gc):
 *   node --expose-gc --import tsx test/bench/sandbox-bench-memory.ts [mailboxesToWalk=200] [mailboxes=5000] [perMailbox=2000]
 */
import { generateBenchTenant } from '@correspondent/m365-sandbox/bench-tenant.js';
import { createIdFactory } from '@correspondent/m365-sandbox/ids.js';
import { projectMessage } from '@correspondent/m365-sandbox/message-projection.js';
import { createRng } from '@correspondent/m365-sandbox/prng.js';
import { TenantState } from '@correspondent/m365-sandbox/tenant-state.js';

const [walk = 200, mailboxes = 5000, perMailbox = 2000] = process.argv.slice(2).map(Number);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const started = Date.now();
const seed = generateBenchTenant({ seed: 1, now: new Date('2025-03-01T12:00:00Z'), mailboxes, messagesPerMailbox: perMailbox });
const state = new TenantState(seed, createIdFactory(createRng(1)), () => new Date('2025-03-01T12:00:00Z'));
const afterDirectory = process.memoryUsage();
console.log(`directory: ${state.users.length} users, ${seed.crm.accounts.length} accounts, ${seed.crm.contacts.length} contacts; heap ${mb(afterDirectory.heapUsed)}`);
let peakHeap = 0;
let peakRss = 0;
let messages = 0;
let bodyBytes = 0;
const step = Math.max(1, Math.floor(state.users.length / walk));
for (let i = 0, walked = 0; walked < walk && i < state.users.length; i += step, walked++) {
  const user = state.users[i]!;
  const mailbox = state.mailboxOf(user)!;
  for (const folder of ['inbox', 'sentitems', 'archive', 'Customers']) {
    const f = mailbox.folderByName(folder);
    if (!f) continue;
    for (const record of mailbox.messagesIn(f.id)) {
      const json = projectMessage(record, { select: null, bodyType: null, immutableIds: true });
      bodyBytes += JSON.stringify(json['body']).length;
      messages += 1;
    }
  }
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  peakRss = Math.max(peakRss, usage.rss);
}
console.log(`walked ${walk} of ${mailboxes} mailboxes (~${perMailbox} messages each): projected ${messages} messages, ${mb(bodyBytes)} of bodies`);
console.log(`peak heapUsed ${mb(peakHeap)}, peak rss ${mb(peakRss)}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
