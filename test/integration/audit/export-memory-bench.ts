/**
 * Benchmark-style script (not a test, not timed): fills an audit log with N synthetic entries
 * (default 1,000,000) and exports it as JSON lines and as CSV in a child process each, reporting
 * the child's peak RSS — bounded memory means it stays flat however large N is.
 *
 *   npx tsx test/integration/audit/export-memory-bench.ts [N]
 *
 * Uses MARIADB_URL when set (a fresh database on it), otherwise a private MariaDB in a temp dir.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { exportAudit } from '../../../src-main/audit/audit-export.js';
import type { ExportFormat } from '../../../src-main/audit/audit-format.js';
import { verifyExportFile } from '../../../src-main/audit/audit-verify.js';
import { dropDatabase } from '../../../src-main/store/admin.js';
import { appendAuditRecords } from '../../../src-main/store/audit-append.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { withDatabase } from '../../../src-main/store/database-url.js';
import { MariaDbAuditStore } from '../../../src-main/store/mariadb-audit-store.js';
import { migrate } from '../../../src-main/store/migrations/migrate.js';
import { startPrivateMariaDb } from '../../../src-main/store/private-mariadb.js';

const BATCH = 5000;

async function exportChild(url: string, format: ExportFormat, out: string): Promise<void> {
  const pool = await connectMariaDb(url, { connectionLimit: 2 });
  const started = Date.now();
  const stream = createWriteStream(out);
  const result = await exportAudit(new MariaDbAuditStore(pool), stream, { format, from: null, to: null, actions: null });
  stream.end();
  await finished(stream);
  await pool.end();
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ format, entries: result.entries, bytes: (await stat(out)).size, maxRssMb, seconds: (Date.now() - started) / 1000 })}\n`);
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1_000_000);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'audit-bench-'));
  const server = process.env['MARIADB_URL'] ? null : await startPrivateMariaDb({ dataDir: path.join(dir, 'db'), extraArgs: ['--innodb-flush-log-at-trx-commit=0'] });
  const url = withDatabase(process.env['MARIADB_URL'] ?? server!.url, `audit_bench_${randomBytes(3).toString('hex')}`);
  try {
    const pool = await connectMariaDb(url);
    await migrate(pool);
    const filled = Date.now();
    for (let done = 0; done < total; done += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, total - done) }, (_, i) => ({
        actor: 'system:sync',
        source: 'sync',
        action: 'import.decision',
        payload: { verdict: 'skip', rule: 'no-crm-match', mailbox: `user${(done + i) % 997}@ours.example`, folder: 'inbox', fingerprint: randomBytes(32).toString('hex') },
      }));
      await appendAuditRecords(pool, rows, new Date(Date.UTC(2025, 0, 1) + done));
    }
    await pool.end();
    process.stderr.write(`filled ${total} entries in ${(Date.now() - filled) / 1000}s\n`);
    const self = fileURLToPath(import.meta.url);
    for (const format of ['jsonl', 'csv'] as const) {
      const out = path.join(dir, `export.${format}`);
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', self, 'export-child', url, format, out], { maxBuffer: 1 << 20 });
      process.stdout.write(stdout);
      if (format === 'jsonl') {
        const verified = await verifyExportFile(out);
        process.stdout.write(`${JSON.stringify({ verify: verified.ok, entries: verified.entries, peakRssMbOfThisProcess: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
      }
    }
  } finally {
    await dropDatabase(url).catch(() => undefined);
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'export-child') {
  await exportChild(process.argv[3]!, process.argv[4] as ExportFormat, process.argv[5]!);
} else {
  await main();
}
