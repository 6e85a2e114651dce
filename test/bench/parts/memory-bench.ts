/**
 * Memory: peak RSS of the app process while it first-syncs one mailbox of 100,000 messages. The
 * app runs in a child process (support/memory-child.ts) so that nothing of the benchmark runner or
 * the sandbox counts; the figure is the kernel's high-water mark (VmHWM). The sandbox's 5,000-item
 * cap on filtered initial rounds is lifted so that every message is read.
 * Options: --messages (default 100000).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { numberOption, type BenchPart } from '../bench-types.js';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'support', 'memory-child.ts');

type ChildResult = { peakRssMb: number; rssBeforeMb: number; read: number; imported: number; seconds: number };

export const memoryBench: BenchPart = {
  name: 'memory',
  description: 'peak RSS of the app first-syncing one mailbox of 100,000 messages',
  async run(options) {
    const messages = numberOption(options, 'messages', 100_000);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, String(messages)], { maxBuffer: 1024 * 1024, timeout: 30 * 60_000 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
    return {
      figures: {
        messagesPerMailbox: messages,
        peakRssMb: Math.round(result.peakRssMb),
        rssBeforeSyncMb: Math.round(result.rssBeforeMb),
        messagesRead: result.read,
        imported: result.imported,
        seconds: Number(result.seconds.toFixed(1)),
      },
      rows: [
        { metric: 'peakRssMb', value: result.peakRssMb, unit: 'MB', target: { op: '<', value: 300 } },
        { metric: 'rssBeforeSyncMb', value: result.rssBeforeMb, unit: 'MB' },
      ],
      notes: [`one mailbox of ~${messages} messages: ${result.read} read, ${result.imported} imported in ${result.seconds.toFixed(0)} s (no latency); peak RSS is VmHWM of the app process`],
    };
  },
};
