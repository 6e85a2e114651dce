/**
 * The full demo in a child process for the secrets test (run with `node --import tsx`): the
 * sandbox tenant, a cycle, the headless console, logging at debug level to stderr. It hands the
 * parent what to look for - the client secret, the console URL and session token - on fd 3 only,
 * then exports the audit log (JSON lines and CSV) into the files the parent names, and serves
 * until SIGTERM.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createLogger } from '../../../src-main/logging/logger.js';
import { startDemo } from '../../../src-main/app/demo-runtime.js';
import { RENDERER_DIR } from '../../../src-main/app/paths.js';
import { exportAudit } from '../../../src-main/audit/audit-export.js';
import { startConsoleServer } from '../../../src-main/server/console-server.js';

const env = (name: string) => process.env[name] ?? '';
const logger = createLogger({ level: 'debug' });
const demo = await startDemo({ mariadbUrl: env('DEMO_MARIADB_URL'), mariadbCaFile: null, dataDir: env('DEMO_DATA_DIR'), shell: 'headless', logger, seed: 11 });
await demo.app.syncNow();
for (const format of ['jsonl', 'csv'] as const) {
  const out = createWriteStream(env(format === 'csv' ? 'DEMO_AUDIT_CSV' : 'DEMO_AUDIT_JSONL'));
  await exportAudit(demo.database.audit, out, { format, from: null, to: null, actions: null });
  out.end();
  await finished(out);
}
const server = await startConsoleServer({ handlers: demo.app.handlers, staticDir: RENDERER_DIR, events: demo.app.events, logger });
const handoff = createWriteStream('', { fd: 3 });
handoff.write(`${JSON.stringify({ clientSecret: demo.sandbox.clientSecret, url: server.url, token: server.token })}\n`);
await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
await server.close();
await demo.close();
