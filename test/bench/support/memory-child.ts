/**
 * Not a test: the app process of the memory benchmark. First-syncs one mailbox of N messages
 * (the sandbox in a process of its own) and prints, as one JSON line on stdout, the process's
 * peak RSS (VmHWM from /proc/self/status: the kernel's high-water mark, no sampling gaps) and its
 * RSS before the sync. Run by parts/memory-bench.ts.
 */
import { readFileSync } from 'node:fs';
import { startAppHarness } from './app-harness.js';
import { startSandboxProcess } from './sandbox-client.js';

const messages = Number(process.argv[2] ?? 100_000);

function status(field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

const sandbox = await startSandboxProcess({ scale: 'bench', seed: 3, bench: { mailboxes: 1, messagesPerMailbox: messages, maxMaterialized: 1 }, fidelity: { filteredRoundCap: 10_000_000 } }, 8192);
const harness = await startAppHarness(sandbox.info, { label: 'memory', fullLookback: true });
try {
  const rssBefore = status('VmRSS');
  const started = process.hrtime.bigint();
  const summary = await harness.app.syncNow();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ peakRssMb: status('VmHWM'), rssBeforeMb: rssBefore, read: summary.read, imported: summary.imported, seconds })}\n`);
} finally {
  await harness.close();
  await sandbox.stop();
}
