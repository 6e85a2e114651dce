/**
 * Issue 10, "secrets never appear in logs, exports, the renderer or crash reports", over a FULL
 * demo run: the demo in a child process logging at debug level, a sync cycle, the audit log
 * exported (JSON lines and CSV), every read-only Api method of the console called over HTTP as
 * the renderer does, and the data directory's files. Everything collected is searched for the
 * client secret, the vault key, the console session token (outside the URL it was handed over in)
 * and anything shaped like a JWT (access and ID tokens).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src-main/app/paths.js';
import type { ApiMethod } from '../../../src-shared/api.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { consoleApi } from '../tenant/console-api.js';

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
const READ_METHODS: [ApiMethod, unknown][] = [
  ['app.status', {}],
  ['settings.get', {}],
  ['setup.state', {}],
  ['consent.health', {}],
  ['mailboxes.list', {}],
  ['emails.list', {}],
  ['sync.lastCycle', {}],
  ['sync.state', {}],
  ['health.mailboxes', {}],
  ['health.cycles', {}],
  ['audit.list', {}],
  ['consent.link', {}],
];

let database: TestDatabase;
let dir: string;
let child: ReturnType<typeof spawn>;
let logs = '';
let handoff: { clientSecret: string; url: string; token: string };
const vaultKey = randomBytes(32).toString('base64');

beforeAll(async () => {
  database = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'correspondent-secrets-'));
  child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'demo-secrets-child.ts')], {
    cwd: PACKAGE_ROOT,
    env: {
      ...process.env,
      DEMO_MARIADB_URL: database.url,
      DEMO_DATA_DIR: path.join(dir, 'data'),
      DEMO_AUDIT_JSONL: path.join(dir, 'audit.jsonl'),
      DEMO_AUDIT_CSV: path.join(dir, 'audit.csv'),
      CORRESPONDENT_SECRET_KEY: vaultKey,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  const exited = new Promise<never>((_resolve, reject) => child.once('exit', (code) => reject(new Error(`demo child exited (${code}): ${logs.slice(-3000)}`))));
  const line = new Promise<string>((resolve) => createInterface({ input: child.stdio[3] as Readable }).once('line', resolve));
  handoff = JSON.parse(await Promise.race([line, exited])) as typeof handoff;
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  }
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}

describe('secrets over a full demo run', () => {
  it('appear in no log line, export, Api response or data file', async () => {
    const origin = new URL(handoff.url).origin;
    const api = consoleApi(origin, handoff.token);
    for (const [method, input] of READ_METHODS) await api.result(method, input);
    const responses = api.bodies();
    expect(responses.filter((b) => b.includes('"ok":true')).length).toBeGreaterThan(8);

    const sources: [string, string][] = [
      ['debug log', logs],
      ['audit export (jsonl)', await readFile(path.join(dir, 'audit.jsonl'), 'utf8')],
      ['audit export (csv)', await readFile(path.join(dir, 'audit.csv'), 'utf8')],
      ...responses.map((body, i) => [`Api response ${READ_METHODS[i]?.[0]}`, body] as [string, string]),
      ...(await filesUnder(path.join(dir, 'data'))).map((text, i) => [`data file ${i}`, text] as [string, string]),
    ];
    // The run did log at debug level, and the exports hold the cycle: the search has something to search.
    expect(logs).toMatch(/"level":20/);
    expect(sources[1]?.[1]).toMatch(/sync\./);
    const leaks = sources.flatMap(([where, text]) => [
      ...(text.includes(handoff.clientSecret) ? [`${where}: client secret`] : []),
      ...(text.includes(vaultKey) ? [`${where}: vault key`] : []),
      ...(text.includes(handoff.token) ? [`${where}: console session token`] : []),
      ...(JWT.test(text) ? [`${where}: a JWT (${JWT.exec(text)?.[0].slice(0, 24)}...)`] : []),
    ]);
    expect(leaks).toEqual([]);
  });
});
