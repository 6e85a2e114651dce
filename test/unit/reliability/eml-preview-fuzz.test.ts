/**
 * Issue 10, bad input: thousands of fuzzed .eml files (header soup, broken MIME, control
 * characters, bad encodings, truncated multiparts) through the preview path the console and the
 * CLI use (mailparser -> emlToGraphMessage -> the rule pipeline). Every file gets a line: a
 * verdict with reasons, or a named problem - never a throw, never a lost file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopesFromEml } from '../../../src-main/app/preview-sources.js';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import { runPreview } from '../../../src-main/rules/preview.js';
import { createRuleContext } from '../../../src-main/rules/rule-context.js';
import { snapshot } from '../rules/rule-fixtures.js';

const ORG = ['ourco.example'];
const settings = createRuleContext({ orgDomains: ORG, blockedDomains: ['spam.example'], crm: CrmIndex.fromSnapshot(snapshot) });

const addresses = fc.oneof(
  fc.constantFrom('alice@customer.example', 'me@ourco.example', '"Me, Myself" <me@ourco.example>', 'x@spam.example', '<>', 'undisclosed-recipients:;', 'a@b@c', '=?utf-8?B?w4TDpMO8?= <bob@lead.example>', 'alice@cust\u043emer.example'),
  fc.emailAddress(),
  fc.string({ maxLength: 40 }),
);
const headerName = fc.constantFrom('From', 'To', 'Cc', 'Subject', 'Date', 'Message-ID', 'Content-Type', 'Content-Transfer-Encoding', 'MIME-Version', 'Auto-Submitted', 'List-Id', 'X-Junk');
const headerValue = fc.oneof(
  addresses,
  fc.constantFrom('multipart/mixed; boundary="b1"', 'multipart/alternative; boundary=', 'text/html; charset=x-unknown', 'base64', 'quoted-printable', 'auto-replied', '<id@customer.example>', 'Thu, 32 Foo 99999 25:61:00 +9999', '=?x?Q?broken'),
  fc.string({ maxLength: 200, unit: 'binary' }),
);
const header = fc.tuple(headerName, headerValue).map(([n, v]) => `${n}: ${v}`);
const body = fc.oneof(
  fc.string({ maxLength: 500, unit: 'binary' }),
  fc.constantFrom('--b1\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b1', '--b1--', '=E2=82=AC=\r\n=ZZ', '<script>alert(1)</script>', 'SGVsbG8=\r\n!!!notbase64'),
);
const eml = fc.oneof(
  fc.tuple(fc.array(header, { maxLength: 12 }), body).map(([headers, text]) => [...headers, '', text].join('\r\n')),
  fc.string({ maxLength: 1000, unit: 'binary' }),
  fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

describe('fuzzed .eml files through the preview path', () => {
  it('answers every file with a verdict or a named problem, never a throw', async () => {
    let verdicts = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(eml, { minLength: 1, maxLength: 3 }), async (texts) => {
        const files = texts.map((text, i) => ({ name: `f${i}.eml`, text }));
        const envelopes = await envelopesFromEml(files, ORG);
        expect(envelopes.map((e) => e.id)).toEqual(files.map((f) => f.name));
        const { lines, summary } = runPreview(envelopes, settings);
        expect(lines).toHaveLength(files.length);
        for (const line of lines) {
          expect(['import', 'skip']).toContain(line.verdict);
          expect(line.reasons.length).toBeGreaterThan(0);
        }
        expect(summary.total).toBe(lines.length);
        verdicts += lines.length;
      }),
      { numRuns: 2000 },
    );
    expect(verdicts).toBeGreaterThanOrEqual(2000);
  }, 120_000);
});
