/**
 * `correspondent audit export|verify` against a real database: CSV that a CSV parser reads back
 * (quotes, line breaks, non-ASCII, formula-safe), JSON lines a third party verifies, tampered
 * export lines named, an export compared with a database changed since, a time range.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src-main/audit/audit-log.js';
import { registerAudit } from '../../../src-main/cli/commands/audit.js';
import { parseCsv } from '../../../src-main/crm/csv-reader.js';
import { MariaDbAuditStore } from '../../../src-main/store/mariadb-audit-store.js';
import { runCli } from '../../support/cli-runner.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

describe('correspondent audit export / verify', () => {
  let h: StoreHarness;
  let dir: string;
  const run = (args: string[]) =>
    runCli((program, io) => registerAudit(program, { io, env: () => ({ mariadbUrl: h.database.url, mariadbCaFile: null, elasticsearchUrl: null }) }), ['audit', ...args]);

  beforeAll(async () => {
    h = await createStoreHarness();
    dir = await mkdtemp(path.join(os.tmpdir(), 'audit-cli-'));
    let t = Date.parse('2025-01-01T00:00:00.000Z');
    const log = createAuditLog({ store: new MariaDbAuditStore(h.pool), clock: () => new Date((t += 3_600_000)) });
    await log.record({ actor: '=cmd|"/c calc"!A1', source: 'cli', action: 'settings.changed', payload: { changes: [{ key: 'orgDomains', before: ['a,"b"\nc'], after: ['Zürich-東京.example'] }] } });
    await log.record({ actor: '@admin', source: 'headless', action: 'mailbox.optedOut', payload: { mailbox: 'x@ours.example' } });
    for (let i = 0; i < 8; i += 1) await log.record({ actor: 'admin', source: 'electron', action: 'mailbox.optedIn', payload: { mailbox: `u${i}@ours.example` } });
  });
  afterAll(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exports CSV that parses back field for field, formula-safe, with progress on stderr', async () => {
    const out = path.join(dir, 'log.csv');
    const result = await run(['export', '--format', 'csv', '--out', out]);
    expect(result).toMatchObject({ exitCode: 0, stdout: '' });
    expect(result.stderr).toMatch(/audit export: 10 entries \(seq 1-10\)/);
    const parsed = parseCsv(await readFile(out, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.records).toHaveLength(10);
    const [first, second] = parsed.records;
    expect(first!.fields[2]).toBe(`'=cmd|"/c calc"!A1`);
    expect(second!.fields[2]).toBe(`'@admin`);
    expect(JSON.parse(first!.fields[5]!)).toEqual({ changes: [{ key: 'orgDomains', before: ['a,"b"\nc'], after: ['Zürich-東京.example'] }] });
    for (const record of parsed.records) for (const cell of record.fields) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('exports JSON lines that verify on their own and against the database; the export itself is audited', async () => {
    const out = path.join(dir, 'log.jsonl');
    expect((await run(['export', '--format', 'jsonl', '--out', out])).exitCode).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(10);
    const verify = await run(['verify', out, '--database', '--json']);
    expect(verify.exitCode).toBe(0);
    const report = JSON.parse(verify.stdout);
    expect(report).toMatchObject({ ok: true, file: { ok: true, firstSeq: 1 }, database: { ok: true }, comparison: { ok: true } });
    const [rows] = await h.pool.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.exported'");
    expect(Number((rows as { n: number }[])[0]!.n)).toBeGreaterThanOrEqual(1);
    const text = await run(['verify']);
    expect(text.stdout).toMatch(/^Stored log: OK, \d+ entries \(seq 1-\d+\); head hash [0-9a-f]{64}\.\n$/);
  });

  it('names the first broken line of a tampered export: changed, deleted, reordered, inserted', async () => {
    const out = path.join(dir, 'tamper.jsonl');
    await run(['export', '--format', 'jsonl', '--out', out]);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    const changed = [...lines];
    changed[3] = changed[3]!.replace('u1@ours.example', 'u9@ours.example');
    const deleted = lines.filter((_, i) => i !== 4);
    const reordered = [...lines];
    [reordered[5], reordered[6]] = [reordered[6]!, reordered[5]!];
    const forged = JSON.stringify({ ...JSON.parse(lines[2]!), seq: 4, actor: 'intruder' });
    const inserted = [...lines.slice(0, 3), forged, ...lines.slice(3)];
    const cases: [string[], number][] = [
      [changed, 4],
      [deleted, 5],
      [reordered, 6],
      [inserted, 4],
    ];
    for (const [content, seq] of cases) {
      const file = path.join(dir, `t-${seq}.jsonl`);
      await writeFile(file, `${content.join('\n')}\n`);
      const result = await run(['verify', file]);
      expect(result.exitCode, content === changed ? 'changed' : String(seq)).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^correspondent: audit log broken: .*entry ${seq} `));
      expect(result.stdout).toMatch(new RegExp(`BROKEN at entry ${seq} `));
    }
  });

  it('an intact export no longer matches a database whose history was rewritten', async () => {
    const out = path.join(dir, 'before.jsonl');
    await run(['export', '--format', 'jsonl', '--out', out]);
    const [[row]] = (await h.pool.query('SELECT payload_json FROM audit_log WHERE seq = 2')) as unknown as [[{ payload_json: unknown }]];
    const original = typeof row.payload_json === 'string' ? row.payload_json : JSON.stringify(row.payload_json);
    await h.pool.query('UPDATE audit_log SET payload_json = ? WHERE seq = 2', [JSON.stringify({ mailbox: 'y@ours.example' })]);
    const result = await run(['verify', out, '--database']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/the stored log: entry 2 \(changed\)/);
    await h.pool.query('UPDATE audit_log SET payload_json = ? WHERE seq = 2', [original]);
  });

  it('exports a time range as the contiguous seq range inside it, which verifies as a partial chain', async () => {
    const out = path.join(dir, 'range.jsonl');
    const result = await run(['export', '--format', 'jsonl', '--from', '2025-01-01T03:00:00Z', '--to', '2025-01-01T06:00:00Z', '--out', out]);
    expect(result.exitCode).toBe(0);
    const seqs = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).seq);
    expect(seqs).toEqual([3, 4, 5]);
    expect(JSON.parse((await run(['verify', out, '--json'])).stdout)).toMatchObject({ ok: true, file: { anchor: 'outside-file', entries: 3 } });
  });

  // A bad value on the command line is a usage error (exit 2, docs/cli.md), named with its value;
  // before issue 20 these were exit 1 with "error: ...".
  it('refuses bad option values with one line naming the value, exit 2', async () => {
    for (const [args, value] of [[['export', '--format', 'xml'], 'xml'], [['export', '--format', 'csv', '--from', 'yesterday'], 'yesterday'], [['export', '--format', 'csv', '--to', '2026-02-30'], '2026-02-30']] as const) {
      const result = await run([...args]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/^correspondent: [^\n]+\n$/);
      expect(result.stderr).toContain(`'${value}'`);
    }
  });
});
