/**
 * Issue 18, point 5: every address form RFC 5322 and RFC 6531 allow becomes a participant, and
 * nothing silently vanishes. Addresses are generated from the grammar (dot-atoms with UTF-8
 * characters, quoted local parts with escapes, IDN domains in Unicode or punycode, display names,
 * comments, group syntax); the expected participant is computed by the test from the parts it
 * generated (NFC, lower case, the domain through the platform's own IDN conversion), not by the
 * product's helpers.
 */
import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateMessage } from '../../../src-main/rules/pipeline.js';
import { emlToGraphMessage, type ParsedEml } from '../../../src-main/rules/eml-message.js';
import { simpleParser } from 'mailparser';
import { context, message, recipient } from './rule-fixtures.js';

const ATEXT_ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&\'*+-/=?^_`{|}~';
const UNICODE_LETTERS = 'äöüßéèçñøåłžčšđğışÄÖÜÉÑ日本語中文пример한국ελληνικά';
const atext = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ATEXT_ASCII) },
  { weight: 1, arbitrary: fc.constantFrom(...[...UNICODE_LETTERS]) },
);
const atom = fc.array(atext, { minLength: 1, maxLength: 8 }).map((chars) => chars.join(''));
const dotAtom = fc.array(atom, { minLength: 1, maxLength: 3 }).map((atoms) => atoms.join('.'));

/** qtext (RFC 5321 qtextSMTP plus UTF-8), including characters that must stay quoted. */
const qchar = fc.constantFrom(...'abcxyz019 @,;:<>()[].', ...[...'äé日'], '"', '\\');
const quotedContent = fc.array(qchar, { minLength: 1, maxLength: 10 }).map((chars) => chars.join(''));

const label = fc.oneof(
  fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/),
  fc.constantFrom('bücher', 'exämple', 'пример', '例え', 'straße', 'münchen', 'xn--bcher-kva', 'XN--MNCHEN-3YA'),
);
const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 2 }), fc.constantFrom('example', 'de', 'jp', 'рф', 'com')).map(([labels, tld]) => [...labels, tld].join('.'));

type Generated = { written: string; expected: string };

function expectedOf(local: string, quoted: boolean, host: string): string {
  const canonical = local.normalize('NFC').toLowerCase();
  const isDotAtom = /^[^."\\\s()<>@,;:[\]]+(?:\.[^."\\\s()<>@,;:[\]]+)*$/u.test(canonical);
  const localPart = !quoted || isDotAtom ? canonical : `"${canonical.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return `${localPart}@${domainToASCII(host.toLowerCase())}`;
}

const mailbox: fc.Arbitrary<Generated> = fc
  .tuple(
    fc.oneof(dotAtom.map((local) => ({ local, quoted: false })), quotedContent.map((local) => ({ local, quoted: true }))),
    domain,
    fc.constantFrom('', 'Jane Doe', '"Doe, Jane"', 'Jäne'),
    fc.constantFrom('', ' (sales)', ' (a (nested) comment)'),
  )
  .filter(([{ local }, host]) => Buffer.byteLength(local.normalize('NFC').toLowerCase(), 'utf8') <= 64 && domainToASCII(host.toLowerCase()) !== '')
  .map(([{ local, quoted }, host, name, comment]) => {
    const localWritten = quoted ? `"${local.replace(/["\\]/g, (c) => `\\${c}`)}"` : local;
    const spec = `${localWritten}@${host}`;
    return { written: name === '' ? `${spec}${comment}` : `${name}${comment} <${spec}>`, expected: expectedOf(local, quoted, host) };
  });

describe('addresses: every RFC 5322 / 6531 form is a participant', () => {
  it('Graph address strings in any allowed spelling become the participant they name', () => {
    fc.assert(
      fc.property(fc.array(mailbox, { minLength: 1, maxLength: 6 }), (generated) => {
        const decision = evaluateMessage(
          message({ toRecipients: [recipient('me@ourco.example'), ...generated.map((g) => recipient(g.written))] }),
          context(),
        );
        // Work happened: the customer mail imports with every generated recipient as a participant ...
        expect(decision.verdict).toBe('import');
        const stored = new Set(decision.email!.to.map((a) => a.address));
        for (const g of generated) expect(stored, g.written).toContain(g.expected);
        // ... and none was reported as unreadable.
        expect(decision.reasons.map((r) => r.code)).not.toContain('address-unparsed');
      }),
      { numRuns: 1500 },
    );
  });

  it('.eml headers with display names, comments and group syntax lose no mailbox', async () => {
    const samples = fc.sample(fc.array(mailbox, { minLength: 1, maxLength: 5 }), { numRuns: 300, seed: 18 });
    for (const generated of samples) {
      const members = generated.map((g) => g.written);
      const half = Math.ceil(members.length / 2);
      const to = `me@ourco.example, Team: ${members.slice(0, half).join(', ')};, undisclosed-recipients:;${members.length > half ? `, ${members.slice(half).join(', ')}` : ''}`;
      const eml = `From: Alice <alice@customer.example>\r\nTo: ${to}\r\nSubject: Quote\r\nDate: Mon, 10 Feb 2025 10:20:11 +0000\r\nMessage-ID: <x@customer.example>\r\n\r\nHello\r\n`;
      const parsed = (await simpleParser(Buffer.from(eml, 'utf8'))) as ParsedEml;
      const decision = evaluateMessage(emlToGraphMessage(parsed, 'x.eml'), context());
      expect(decision.verdict, to).toBe('import');
      const stored = new Set(decision.email!.to.map((a) => a.address));
      for (const g of generated) expect(stored, `${g.written} in ${to}`).toContain(g.expected);
    }
  });

  it('a customer with a non-ASCII local part is recognised as the CRM contact (not skipped as internal)', () => {
    const ctx = context();
    const crmContext = { ...ctx, crm: ctx.crm };
    const decision = evaluateMessage(
      message({ from: recipient('Bücher.Kunde@Bücher.example'), sender: recipient('Bücher.Kunde@Bücher.example') }),
      crmContext,
    );
    expect(decision.verdict).toBe('import');
    expect(decision.email?.from.address).toBe('bücher.kunde@xn--bcher-kva.example');
    expect(decision.reasons.map((r) => r.code)).toContain('crm-account-domain');
  });

  it('reports what is not an address instead of dropping it: named on an import, counted on a skip', () => {
    const x500 = '/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=BOB';
    const imported = evaluateMessage(message({ ccRecipients: [recipient(x500), recipient('al ice@x.example')] }), context());
    expect(imported.verdict).toBe('import');
    const note = imported.reasons.find((r) => r.code === 'address-unparsed');
    expect(note?.detail).toContain(x500);
    expect(note?.detail).toContain('al ice@x.example');
    const skipped = evaluateMessage(
      message({ from: recipient('colleague@ourco.example'), sender: recipient('colleague@ourco.example'), ccRecipients: [recipient(x500)] }),
      context(),
    );
    expect(skipped.reasons[0]?.code).toBe('internal-only');
    expect(skipped.reasons[0]?.detail).toContain('1 address in Cc could not be read');
    expect(skipped.reasons[0]?.detail).not.toContain('EXCHANGELABS');
  });
});
