/**
 * Issue 10, hostile strings through the rules: a sender domain that only looks like a CRM domain
 * (IDN homographs: a Cyrillic 'а', 'е' or 'о', their punycode, look-alike suffixes, the CRM domain
 * as an attacker's subdomain) must never match the account; fullwidth letters and zero-width
 * characters are mapped by UTS #46 to the very same domain (where DNS delivers), so they do; control characters and very long
 * addresses are refused as participants, never matched and never a crash.
 */
import { describe, expect, it } from 'vitest';
import { evaluateMessage } from '../../../src-main/rules/pipeline.js';
import { context, message, recipient } from '../rules/rule-fixtures.js';

const ctx = context();
const from = (address: string) => message({ from: recipient(address), sender: recipient(address) });

describe('look-alike CRM domains (the CRM lists customer.example for Acme)', () => {
  it('imports the genuine domain (control case)', () => {
    const decision = evaluateMessage(from('carol@customer.example'), ctx);
    expect(decision.verdict).toBe('import');
    expect(decision.match?.accountIds).toEqual(['A-1']);
  });

  it.each([
    ['Cyrillic о (U+043E)', 'carol@cust\u043Emer.example'],
    ['Cyrillic е (U+0435)', 'carol@custom\u0435r.example'],
    ['Cyrillic а in the TLD', 'carol@customer.ex\u0430mple'],
    ['punycode of the Cyrillic о', 'carol@xn--custmer-6ve.example'],
    ['suffix look-alike', 'carol@evilcustomer.example'],
    ['domain as a subdomain of an attacker', 'carol@customer.example.attacker.test'],
  ])('never matches Acme for %s', (_what, address) => {
    const decision = evaluateMessage(from(address), ctx);
    expect(decision.match?.accountIds ?? []).not.toContain('A-1');
    expect(decision.verdict).toBe('skip');
  });

  it.each([
    ['fullwidth letters', 'carol@\uFF43ustomer.example'],
    ['a zero-width space', 'carol@custo\u200Bmer.example'],
  ])('treats %s as the domain itself: UTS #46 maps it there, as DNS and mail routing do', (_what, address) => {
    expect(evaluateMessage(from(address), ctx).match?.accountIds).toEqual(['A-1']);
  });
});

describe('control characters and very long addresses', () => {
  it.each([
    ['NUL in the local part', 'ali\u0000ce@customer.example'],
    ['CR LF header injection', 'alice@customer.example\r\nBcc: x@evil.test'],
    ['a 10,000-character local part', `${'a'.repeat(10_000)}@customer.example`],
    ['a 5,000-label domain', `alice@${'x.'.repeat(5_000)}customer.example`],
  ])('answers %s with a decision and no match for a different contact, never a throw', (_what, address) => {
    const decision = evaluateMessage(from(address), ctx);
    expect(['import', 'skip']).toContain(decision.verdict);
    expect(decision.match?.contactIds ?? []).not.toContain('C-1'); // never Alice's contact by a mangled address
  });
});
