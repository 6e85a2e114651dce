import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseAuditEntry, type AuditRecord } from '../../../src-main/audit/audit-entry.js';
import { exportAudit } from '../../../src-main/audit/audit-export.js';
import { createAuditLog } from '../../../src-main/audit/audit-log.js';
import type { AuditAppendRow, AuditQuery, AuditStore } from '../../../src-main/audit/audit-store.js';
import { MASK, settingsChanges } from '../../../src-main/audit/settings-changes.js';
import { buildChain } from './chain-fixtures.js';

const decision = { verdict: 'skip', rule: 'no-crm-match', mailbox: 'a@ours.example', folder: 'inbox', fingerprint: 'a'.repeat(64) };

describe('audit entries', () => {
  it('accepts an import decision with only fingerprint, mailbox, folder, rule and verdict', () => {
    expect(parseAuditEntry({ actor: 'system:sync', source: 'sync', action: 'import.decision', payload: decision }).ok).toBe(true);
  });

  it('refuses an import decision carrying a subject, participants or body', () => {
    for (const extra of [{ subject: 'Quarterly numbers' }, { from: 'ceo@customer.example' }, { body: 'Hello' }]) {
      expect(parseAuditEntry({ actor: 'system:sync', source: 'sync', action: 'import.decision', payload: { ...decision, ...extra } }).ok).toBe(false);
    }
  });

  it('refuses unknown actions, sources and top-level fields', () => {
    expect(parseAuditEntry({ actor: 'x', source: 'cli', action: 'emails.read', payload: {} }).ok).toBe(false);
    expect(parseAuditEntry({ actor: 'x', source: 'somewhere', action: 'mailbox.optedIn', payload: { mailbox: 'a@b.example' } }).ok).toBe(false);
    expect(parseAuditEntry({ actor: 'x', source: 'cli', action: 'mailbox.optedIn', payload: { mailbox: 'a@b.example' }, note: 'hi' }).ok).toBe(false);
  });

  it('AuditLog stamps the injected time and refuses an entry off its schema before writing', async () => {
    const written: { rows: readonly AuditAppendRow[]; at: Date }[] = [];
    const store: AuditStore = { append: async (rows, at) => void written.push({ rows, at }), read: async () => [], count: async () => 0, seqRange: async () => null };
    const log = createAuditLog({ store, clock: () => new Date('2025-05-05T05:05:05.005Z') });
    await log.record({ actor: 'admin', source: 'headless', action: 'mailbox.optedOut', payload: { mailbox: 'b@ours.example' } });
    expect(written).toEqual([{ rows: [{ actor: 'admin', source: 'headless', action: 'mailbox.optedOut', payload: { mailbox: 'b@ours.example' } }], at: new Date('2025-05-05T05:05:05.005Z') }]);
    await expect(log.record({ actor: 'admin', source: 'headless', action: 'mailbox.optedOut', payload: { mailbox: 'b@ours.example', subject: 'x' } } as never)).rejects.toThrow(/schema/);
    expect(written).toHaveLength(1);
  });
});

describe('settingsChanges', () => {
  it('lists changed leaves with before and after, secrets masked on both sides', () => {
    const before = { orgDomains: ['a.example'], retentionDays: null, tenant: { clientId: 'c1', clientSecret: 'old-s3cret' } };
    const after = { orgDomains: ['a.example', 'b.example'], retentionDays: 30, tenant: { clientId: 'c1', clientSecret: 'new-s3cret' } };
    const changes = settingsChanges(before, after);
    expect(changes).toEqual([
      { key: 'orgDomains', before: ['a.example'], after: ['a.example', 'b.example'] },
      { key: 'retentionDays', before: null, after: 30 },
      { key: 'tenant.clientSecret', before: MASK, after: MASK },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/s3cret/);
    expect(settingsChanges({ proxy: null }, { proxy: { url: 'http://p', password: 'pw-123' } })[0]!.after).toEqual({ url: 'http://p', password: MASK });
  });
});

/** A store over an array, reading pages as MariaDB would. */
function memoryStore(records: AuditRecord[]): AuditStore & { reads: number } {
  const store = {
    reads: 0,
    append: async () => undefined,
    read: async (q: AuditQuery) => {
      store.reads += 1;
      return records.filter((r) => r.seq > (q.afterSeq ?? 0) && r.seq <= (q.throughSeq ?? Infinity)).slice(0, q.limit);
    },
    count: async () => records.length,
    seqRange: async () => (records.length === 0 ? null : { first: records[0]!.seq, last: records[records.length - 1]!.seq }),
  };
  return store;
}

describe('exportAudit', () => {
  it('pages through the log and waits for a slow destination instead of buffering', async () => {
    const records = buildChain(500);
    const store = memoryStore(records);
    let maxBuffered = 0;
    let lines = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        lines += chunk.toString('utf8').split('\n').length - 1;
        setImmediate(callback);
      },
    });
    const originalWrite = slow.write.bind(slow);
    slow.write = ((chunk: unknown, ...rest: never[]) => {
      maxBuffered = Math.max(maxBuffered, slow.writableLength);
      return originalWrite(chunk as string, ...rest);
    }) as typeof slow.write;
    const progress: number[] = [];
    const result = await exportAudit(store, slow, { format: 'jsonl', from: null, to: null, actions: null, pageSize: 100, onProgress: (n) => progress.push(n) });
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(result).toEqual({ entries: 500, firstSeq: 1, lastSeq: 500 });
    expect(lines).toBe(500);
    expect(store.reads).toBe(6);
    expect(progress).toEqual([100, 200, 300, 400, 500]);
    // Never more than one line past the high-water mark: every write waited for 'drain'.
    expect(maxBuffered).toBeLessThan(1024 + 1024);
  });
});
