/**
 * Issue 10, malformed CRM CSV: quotes, wrong column counts, bad emails, huge fields, BOMs, wrong
 * encodings. A bad row is rejected with its file and line and the rest is kept; a file that cannot
 * be used at all (an unclosed quote, a missing column, UTF-16 read as UTF-8) fails as a whole with
 * an AppError naming file and line, so nothing of it is imported. Fuzzed text never throws
 * anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import { readCrmTables } from '../../../src-main/crm/crm-csv-rows.js';

const contacts = (text: string) => readCrmTables({ contacts: { fileName: 'contacts.csv', text } });
const HEADER = 'id,email,account_id,name\n';

describe('malformed CRM CSV rows', () => {
  it('rejects rows with too few fields, bad emails and hostile values by line, keeping the good ones', () => {
    const text = [
      'C-1,ok@acme.example,A-1,Ok',
      'C-2,two-fields-only',
      'C-3,"quoted, with comma"@acme.example,A-1,Quote',
      'C-4,no-at-sign.example,A-1,NoAt',
      'C-5,a@b@c.example,A-1,TwoAts',
      `C-6,${'x'.repeat(300)}@acme.example,A-1,LongLocal`,
      "C-7,robert'); DROP TABLE contacts;--@acme.example,A-1,Bobby",
      'C-8,fine@acme.example,A-1,"=HYPERLINK(""http://evil.test"")"',
    ].join('\n');
    const { snapshot, rejected } = contacts(`${HEADER}${text}\n`);
    const kept = snapshot.contacts.map((c) => c.id);
    expect(kept).toContain('C-1');
    expect(kept).toContain('C-8'); // a formula-looking name is data, kept verbatim
    expect(snapshot.contacts.find((c) => c.id === 'C-8')?.name).toBe('=HYPERLINK("http://evil.test")');
    for (const id of ['C-2', 'C-4', 'C-5', 'C-7']) expect(kept).not.toContain(id);
    const lines = rejected.map((r) => r.line);
    expect(lines).toEqual(expect.arrayContaining([3, 5, 6, 8]));
    expect(rejected.every((r) => r.file === 'contacts.csv' && r.reason.length > 0)).toBe(true);
  });

  it('reads a file with a UTF-8 BOM and CRLF line ends like any other', () => {
    const { snapshot, rejected } = contacts(`\uFEFF${HEADER.replace('\n', '\r\n')}C-1,ok@acme.example,A-1,Ok\r\n`);
    expect(snapshot.contacts).toHaveLength(1);
    expect(rejected).toEqual([]);
  });

  it('keeps a huge field (1 MB of name) without crashing, or rejects its row by line', () => {
    const { snapshot, rejected } = contacts(`${HEADER}C-1,ok@acme.example,A-1,${'N'.repeat(1_000_000)}\nC-2,two@acme.example,A-1,Two\n`);
    expect(snapshot.contacts.map((c) => c.id)).toContain('C-2');
    expect(snapshot.contacts.length + rejected.length).toBe(2);
  });

  it('fails the whole file, naming the line, on an unclosed quote: nothing imported', () => {
    expect(() => contacts(`${HEADER}C-1,ok@acme.example,A-1,Ok\nC-2,"open@acme.example,A-1,Never closed\n`)).toThrow(/contacts\.csv:3/);
  });

  it('fails the whole file when it is UTF-16 read as UTF-8 (the header is unrecognisable)', () => {
    const utf16 = Buffer.from(`\uFEFF${HEADER}C-1,ok@acme.example,A-1,Ok\n`, 'utf16le').toString('utf8');
    const run = () => contacts(utf16);
    expect(run).toThrow(AppError);
    expect(run).toThrow(/^contacts\.csv:1: /);
  });

  it('answers any text with rows and line-numbered rejections, or one AppError naming file and line', () => {
    const cell = fc.oneof(fc.string({ maxLength: 30 }), fc.emailAddress(), fc.constantFrom('"', '""', '"a,b"', '\r', '\n', '\uFEFF', '\u0000', 'A-1'));
    const row = fc.array(cell, { minLength: 0, maxLength: 6 }).map((cells) => cells.join(','));
    const file = fc.oneof(
      fc.array(row, { maxLength: 20 }).map((rows) => `${HEADER}${rows.join('\n')}`),
      fc.string({ maxLength: 400 }),
    );
    fc.assert(
      fc.property(file, (text) => {
        const lineCount = text.split(/\r\n|\r|\n/).length;
        try {
          const { snapshot, rejected } = contacts(text);
          for (const r of rejected) {
            expect(r.line).toBeGreaterThanOrEqual(1);
            expect(r.line).toBeLessThanOrEqual(lineCount);
          }
          for (const c of snapshot.contacts) expect(c.email).toMatch(/^[^@\s]+@[^@\s]+$/);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).message).toMatch(/^contacts\.csv:\d+: /);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
