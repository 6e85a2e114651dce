import { userInfo } from 'node:os';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPurge } from '../../../src-main/cli/commands/purge.js';
import { runCli } from '../../support/cli-runner.js';
import { capturedEmail, page, pageImport } from '../../support/store-fixtures.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';

describe('correspondent purge', () => {
  let h: StoreHarness;
  beforeAll(async () => {
    h = await createStoreHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const run = (args: string[]) =>
    runCli((program, io) => registerPurge(program, { io, env: () => ({ mariadbUrl: h.database.url, mariadbCaFile: null, elasticsearchUrl: null }) }), ['purge', ...args]);

  it('deletes a contact’s emails, audits it and says it runs on MariaDB only', async () => {
    await h.store.commitPage(
      page('alice@ours.example', [
        pageImport('p1', capturedEmail({ messageKey: 'gone@x', from: { address: 'leaving@customer.example', name: '' } })),
        pageImport('p2', capturedEmail({ messageKey: 'kept@x' })),
      ]),
    );
    const result = await run(['--contact', 'Leaving@customer.example', '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ emails: 1, sightingsRemoved: 0, searchPending: null });
    const [rows] = await h.pool.query<RowDataPacket[]>('SELECT message_key FROM emails ORDER BY message_key');
    expect(rows.map((r) => r['message_key'])).toEqual(['kept@x']);
    const [[audit]] = await h.pool.query<RowDataPacket[]>('SELECT action, source, actor FROM audit_log ORDER BY seq DESC LIMIT 1');
    // The operating-system user who ran the command; the source says it was the CLI.
    expect(audit).toMatchObject({ action: 'emails.purge', source: 'cli', actor: userInfo().username });

    const text = await run(['--domain', 'customer.example']);
    expect(text.stdout).toBe('Deleted 1 email(s).\nElasticsearch is not configured: MariaDB only.\n');
  });

  it('refuses anything but exactly one valid target, with one line and a non-zero exit', async () => {
    for (const args of [[], ['--contact', 'a@x.example', '--domain', 'x.example'], ['--contact', 'not-an-address'], ['--older-than', '0'], ['--older-than', 'soon']]) {
      const result = await run(args);
      expect(result.exitCode, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^correspondent: [^\n]+\n$/);
    }
  });
});
