/**
 * The command line as users and scripts run it: the built `correspondent` binary in a child
 * process, against a fresh database on the test MariaDB. (`npm run build` comes first: the test
 * command's setup does it.)
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleSummarySchema } from '../../../src-shared/domain.js';
import { PACKAGE_ROOT } from '../../../src-main/app/paths.js';
import { createTestDatabase } from '../../support/test-database.js';

const run = promisify(execFile);
const bin = path.join(PACKAGE_ROOT, 'bin', 'correspondent.js');
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dataDir: string;

async function correspondent(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, '--data-dir', dataDir, ...args], {
      env: { ...process.env, MARIADB_URL: database.url, CORRESPONDENT_LOG_LEVEL: 'warn' },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  if (!existsSync(path.join(PACKAGE_ROOT, 'dist', 'src-main', 'cli', 'bin.js'))) throw new Error('run `npm run build` first');
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cli-'));
});

afterAll(async () => {
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('correspondent demo --once --json, then emails list --json', () => {
  let summary: ReturnType<typeof cycleSummarySchema.parse>;

  it('prints exactly one JSON summary document on stdout and exits 0', async () => {
    const result = await correspondent('demo', '--once', '--json');
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    summary = cycleSummarySchema.strict().parse(JSON.parse(lines[0] ?? ''));
    expect(summary.imported).toBeGreaterThan(0);
    // The figures add up: every message read was imported, already stored, unchanged or skipped.
    expect(Object.keys(JSON.parse(lines[0] ?? '{}') as object)).toEqual(expect.arrayContaining(['mailboxes', 'read', 'imported', 'skipped', 'durationMs', 'alreadyStored', 'unchanged']));
    expect(summary.read).toBe(summary.imported + summary.alreadyStored + summary.unchanged + Object.values(summary.skipped).reduce((a, b) => a + b, 0));
  });

  it('lists what the demo stored, one JSON line per email with the documented fields', async () => {
    const result = await correspondent('emails', 'list', '--json');
    expect(result.code, result.stderr).toBe(0);
    const emails = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(emails).toHaveLength(summary.imported);
    for (const email of emails) {
      expect(Object.keys(email).sort()).toEqual(
        ['accountIds', 'assignedTo', 'cc', 'from', 'internetMessageId', 'mailboxes', 'opportunityId', 'sentAt', 'subject', 'to'].sort(),
      );
    }
    const account = (emails[0]?.['accountIds'] as string[])[0] as string;
    const filtered = await correspondent('emails', 'list', '--json', '--account', account);
    const onlyAccount = filtered.stdout.trim().split('\n').map((line) => JSON.parse(line) as { accountIds: string[] });
    expect(onlyAccount.length).toBeGreaterThan(0);
    expect(onlyAccount.every((e) => e.accountIds.includes(account))).toBe(true);
  });

  // Issue 20, point 6: with --json a failure is one JSON document with a named code on stdout (this
  // test used to expect nothing on stdout), besides the one line on stderr.
  it('refuses a settings file with an invalid value in one line, exit 1, and with --json one error document', async () => {
    const settings = path.join(dataDir, 'bad-settings.json');
    await writeFile(settings, JSON.stringify({ blockedDomains: ['not a domain'] }));
    const result = await correspondent('demo', '--once', '--json', '--settings', settings);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'invalid-input', message: expect.stringMatching(/blockedDomains/) } });
    expect(result.stderr).toMatch(/^correspondent: [^\n]+\n$/);
    expect(result.stderr).toMatch(/blockedDomains/);
  });

  it('applies blocked domains from --settings', async () => {
    const listed = await correspondent('emails', 'list', '--json');
    const domain = (JSON.parse(listed.stdout.trim().split('\n')[0] ?? '{}') as { from: string }).from.split('@')[1] as string;
    const settings = path.join(dataDir, 'settings.json');
    await writeFile(settings, JSON.stringify({ blockedDomains: [domain] }));
    const result = await correspondent('demo', '--once', '--json', '--settings', settings);
    expect(result.code, result.stderr).toBe(0);
    const blocked = JSON.parse(result.stdout) as { skipped: Record<string, number> };
    expect(blocked.skipped['blocked-domain']).toBeGreaterThan(0);
    const after = await correspondent('emails', 'list', '--json');
    expect(after.stdout).not.toContain(`@${domain}"`);
  });

  it('runs the demo on message envelopes with a CSV CRM and settings, and stores no mail the corpus labels internal, unmatched, blocked or draft', async () => {
    const corpus = path.join(PACKAGE_ROOT, 'test', 'corpus');
    const result = await correspondent(
      'demo', '--once', '--json',
      '--messages', path.join(corpus, 'messages.jsonl'),
      '--crm', path.join(corpus, 'crm'),
      '--settings', path.join(corpus, 'settings.json'),
    );
    expect(result.code, result.stderr).toBe(0);
    const run = cycleSummarySchema.parse(JSON.parse(result.stdout));
    expect(run.imported).toBeGreaterThan(20);
    const labels = new Map<string, { verdict: string; reason?: string }>();
    for (const line of (await readFile(path.join(corpus, 'messages.jsonl'), 'utf8')).trim().split('\n')) {
      const envelope = JSON.parse(line) as { label: { verdict: string; reason?: string }; message: { internetMessageId?: string } };
      if (envelope.message.internetMessageId) labels.set(envelope.message.internetMessageId.toLowerCase(), envelope.label);
    }
    const listed = await correspondent('emails', 'list', '--json');
    const stored = listed.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { internetMessageId: string }).internetMessageId.toLowerCase());
    expect(stored).toHaveLength(run.imported);
    const never = new Set(['internal-only', 'no-crm-match', 'blocked-domain', 'draft', 'excluded-folder']);
    const leaked = stored.filter((id) => never.has(labels.get(id)?.reason ?? ''));
    expect(leaked).toEqual([]);
  });
});
