/**
 * Issue 8's privacy rule on a real sync of the sandbox tenant: every decided message is audited
 * (fingerprint, mailbox, folder, rule code), and nowhere in the whole audit table is there a
 * subject, a piece of body text or a participant address of any message the ground truth skips.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoRuntime } from '../../../src-main/app/demo-runtime.js';
import { silentLogger } from '../../../src-main/logging/logger.js';
import { verifyStoredLog } from '../../../src-main/audit/audit-verify.js';
import { normaliseMessageId } from '../../../src-main/rules/pipeline.js';
import { generateDemoTenant } from '@correspondent/m365-sandbox/generator.js';
import { connectMariaDb } from '../../../src-main/store/connect.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const SEED = 5;

type GraphAddress = { emailAddress?: { address?: string } };

describe('audit privacy on a sandbox sync', () => {
  let demo: DemoRuntime;
  let database: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'audit-privacy-'));
    demo = await startDemo({ mariadbUrl: database.url, mariadbCaFile: null, dataDir, shell: 'cli', logger: silentLogger(), seed: SEED });
  });
  afterAll(async () => {
    await demo?.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('audits every decision and keeps no subject, body or participant of skipped mail', async () => {
    const summary = await demo.app.syncNow();
    const pool = await connectMariaDb(database.url);
    try {
      const [rows] = await pool.query<RowDataPacket[]>("SELECT CONCAT_WS('\\n', actor, source, action, payload_json) AS text FROM audit_log ORDER BY seq");
      const auditText = rows.map((r) => String(r['text'])).join('\n').toLowerCase();
      const [[decided]] = await pool.query<RowDataPacket[]>(
        "SELECT SUM(JSON_VALUE(payload_json, '$.verdict') = 'skip') AS skipped, COUNT(*) AS n FROM audit_log WHERE action = 'import.decision'",
      );
      const skippedTotal = Object.values(summary.skipped).reduce((a, b) => a + b, 0);
      expect(skippedTotal).toBeGreaterThan(10);
      expect(Number(decided?.['skipped'])).toBe(skippedTotal);
      expect(Number(decided?.['n'])).toBe(summary.read);
      expect(auditText).toContain('sync.cycle');

      const [mailboxRows] = await pool.query<RowDataPacket[]>('SELECT address FROM mailboxes');
      const mailboxes = new Set(mailboxRows.map((r) => String(r['address']).toLowerCase()));
      const skippedIds = new Set(demo.sandbox.groundTruth.filter((g) => g.verdict === 'skip').map((g) => normaliseMessageId(g.internetMessageId)));
      const seed = generateDemoTenant({ seed: SEED, now: new Date(), scale: 'demo', includeAutomated: true });
      const skippedMessages = seed.messages.map((m) => m.message).filter((m) => skippedIds.has(normaliseMessageId(m['internetMessageId'] as string)));
      expect(skippedMessages.length).toBeGreaterThan(10);

      const needles = new Set<string>();
      for (const message of skippedMessages) {
        const subject = String(message['subject'] ?? '').trim();
        if (subject.length >= 8) needles.add(subject);
        const body = String((message['body'] as { content?: string } | undefined)?.content ?? '')
          .replace(/<[^>]*>/g, ' ')
          .replace(/&[a-z#0-9]+;/gi, ' ')
          .replace(/\s+/g, ' ')
          .trim();
        for (let at = 0; at + 24 <= body.length && at < 240; at += 60) {
          const snippet = body.slice(at, at + 24);
          // A mailbox's own address may be in the log (the `mailbox` field); a body quoting it is no leak.
          if (![...mailboxes].some((m) => m.includes(snippet.toLowerCase()))) needles.add(snippet);
        }
        const participants = [message['from'], ...((message['toRecipients'] as unknown[]) ?? []), ...((message['ccRecipients'] as unknown[]) ?? [])] as GraphAddress[];
        for (const p of participants) {
          const address = p?.emailAddress?.address?.toLowerCase();
          if (address && !mailboxes.has(address)) needles.add(address);
        }
      }
      expect(needles.size).toBeGreaterThan(30);
      const found = [...needles].filter((needle) => auditText.includes(needle.toLowerCase()) || auditText.includes(JSON.stringify(needle).slice(1, -1).toLowerCase()));
      expect(found).toEqual([]);
      expect(await verifyStoredLog(demo.database.audit)).toMatchObject({ ok: true });
    } finally {
      await pool.end();
    }
  });
});
