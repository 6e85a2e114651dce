import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, messageFingerprint } from '../../../src-main/audit/audit-hash.js';
import { csvHeader, csvLine } from '../../../src-main/audit/audit-format.js';
import { canonicalJson } from '../../../src-main/audit/canonical-json.js';
import { csvCell } from '../../../src-main/audit/csv-cells.js';
import { parseCsv } from '../../../src-main/crm/csv-reader.js';

describe('canonical JSON and the chain hash', () => {
  it('sorts keys at every depth and writes no whitespace (RFC 8785 for our values)', () => {
    expect(canonicalJson({ b: 1, a: [{ z: 'é', y: null }, true], c: 'x"y' })).toBe('{"a":[{"y":null,"z":"é"},true],"b":1,"c":"x\\"y"}');
  });

  it('is SHA-256 over the documented array, so a third party can recompute it', () => {
    const entry = { seq: 1, at: '2025-01-01T00:00:00.000Z', actor: 'cli:ops', source: 'cli', action: 'mailbox.optedIn', payload: { mailbox: 'a@ours.example' }, prevHash: GENESIS_HASH };
    const material = `["correspondent-audit-v1",1,"2025-01-01T00:00:00.000Z","cli:ops","cli","mailbox.optedIn",{"mailbox":"a@ours.example"},"${GENESIS_HASH}"]`;
    expect(chainHash(entry)).toBe(createHash('sha256').update(material, 'utf8').digest('hex'));
    expect(chainHash({ ...entry, payload: { mailbox: 'b@ours.example' } })).not.toBe(chainHash(entry));
  });

  it('fingerprints a message by its Message-ID or Graph id only', () => {
    const byId = messageFingerprint('abc@mail.example', 'AAMk1');
    expect(byId).toMatch(/^[0-9a-f]{64}$/);
    expect(messageFingerprint('abc@mail.example', 'AAMk-other-copy')).toBe(byId);
    expect(messageFingerprint(null, 'AAMk1')).not.toBe(byId);
  });
});

describe('CSV export', () => {
  const nasty = {
    seq: 7,
    at: '2025-03-01T10:00:00.000Z',
    actor: '=HYPERLINK("http://evil.example","click")',
    source: 'cli',
    action: 'settings.changed',
    payload: { changes: [{ key: 'orgDomains', before: ['a, "quoted"\r\nline'], after: ['Zürich 東京 ✓'] }] },
    prevHash: GENESIS_HASH,
    hash: 'f'.repeat(64),
  };

  it('parses back with a CSV parser: quotes, commas, line breaks and non-ASCII survive, with a BOM', () => {
    const text = csvHeader() + csvLine(nasty) + csvLine({ ...nasty, seq: 8, actor: 'plain' });
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = parseCsv(text);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.header).toEqual(['seq', 'at', 'actor', 'source', 'action', 'payload', 'prev_hash', 'hash']);
    expect(parsed.records).toHaveLength(2);
    const [first, second] = parsed.records;
    expect(first!.fields[0]).toBe('7');
    expect(JSON.parse(first!.fields[5]!)).toEqual(nasty.payload);
    expect(first!.fields[6]).toBe(GENESIS_HASH);
    expect(second!.fields[2]).toBe('plain');
  });

  it('neutralises every cell that a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const cell = csvCell(`${start}SUM(A1:A9)`);
      const parsed = parseCsv(`h\r\n${cell}\r\n`);
      if (!parsed.ok) throw new Error(parsed.message);
      const value = parsed.records[0]!.fields[0]!;
      expect(value).toBe(`'${start}SUM(A1:A9)`);
      expect(value).not.toMatch(/^[=+\-@\t\r]/);
    }
    const parsed = parseCsv(csvHeader() + csvLine(nasty));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.records[0]!.fields[2]).toBe(`'${nasty.actor}`);
    expect(csvCell('safe text')).toBe('safe text');
  });
});
