/**
 * Issue 18, point 3: card numbers (Luhn), IBANs (mod 97) and US SSNs (strict format) are found,
 * and per kind either skip the message or are masked in what would be stored. Valid and invalid
 * identifiers are made by the test's own arithmetic (a Luhn check digit, ISO 7064 mod 97-10 check
 * digits with BigInt), not by the product's detectors.
 */
import { describe, expect, it } from 'vitest';
import { capturePolicySettingsSchema } from '../../../src-shared/capture-policy.js';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import { evaluateMessage } from '../../../src-main/rules/pipeline.js';
import { createRuleContext } from '../../../src-main/rules/rule-context.js';
import { inbox, message, snapshot } from './rule-fixtures.js';
import { ibanOf, withLuhnDigit } from './identifier-fixtures.js';

function ctx(sensitiveContent: Record<string, string> = {}) {
  return createRuleContext({
    mailbox: 'me@ourco.example',
    folder: inbox,
    orgDomains: ['ourco.example'],
    blockedDomains: [],
    crm: CrmIndex.fromSnapshot(snapshot),
    capturePolicy: capturePolicySettingsSchema.parse({ sensitiveContent }),
  });
}

const visa = withLuhnDigit('411111111111111'); // 16 digits
const amex = withLuhnDigit('37828224631000'); // 15 digits
const iban = ibanOf('DE', '370400440532013000');
const ssn = '536-22-1234';
const grouped = (n: string) => n.replace(/(.{4})(?=.)/g, '$1 ');

describe('sensitive content: detection and masking', () => {
  it('masks each kind in the stored body and subject by default, and the originals reach no field of the decision', () => {
    const body = `Card ${grouped(visa)}, Amex ${amex.slice(0, 4)}-${amex.slice(4, 10)}-${amex.slice(10)}, pay to ${grouped(iban)} or ${iban}; SSN ${ssn}.`;
    const decision = evaluateMessage(message({ subject: `Refund to ${visa}`, body: { contentType: 'text', content: body } }), ctx());
    expect(decision.verdict).toBe('import');
    expect(decision.email!.bodyText).toBe('Card [card number removed], Amex [card number removed], pay to [IBAN removed] or [IBAN removed]; SSN [SSN removed].');
    expect(decision.email!.subject).toBe('Refund to [card number removed]');
    const note = decision.reasons.find((r) => r.code === 'sensitive-content-masked');
    expect(note?.detail).toBe('masked in the stored subject and body: 3 payment card numbers, 2 IBANs, 1 US social security number');
    const everything = JSON.stringify(decision);
    for (const original of [visa, amex, iban, ssn, ssn.replace(/-/g, ''), amex.slice(4, 10)]) expect(everything).not.toContain(original);
  });

  it('recomputes a content-fingerprint key from the masked text', () => {
    const content = { contentType: 'text', content: `IBAN ${iban}` };
    const withoutId = evaluateMessage(message({ internetMessageId: null, body: content }), ctx());
    const maskedTwin = evaluateMessage(message({ internetMessageId: null, body: { contentType: 'text', content: 'IBAN [IBAN removed]' } }), ctx());
    expect(withoutId.email!.messageKey).toMatch(/^fp:/);
    expect(withoutId.email!.messageKey).toBe(maskedTwin.email!.messageKey);
  });

  it('skips the message for a kind set to skip, naming kinds and counts only', () => {
    const decision = evaluateMessage(message({ body: { contentType: 'html', content: `<p>SSN <b>${ssn}</b></p><p>card ${visa}</p>` } }), ctx({ usSsn: 'skip' }));
    expect(decision.verdict).toBe('skip');
    expect(decision.reasons).toEqual([
      { code: 'sensitive-content', detail: 'the message holds 1 US social security number, 1 payment card number (Luhn-checked); mail with US social security numbers is not imported' },
    ]);
    expect(JSON.stringify(decision)).not.toContain('536');
  });

  it('leaves numbers that fail the checks alone', () => {
    const badLuhn = visa.slice(0, -1) + String((Number(visa.slice(-1)) + 1) % 10);
    const badIban = `${iban.slice(0, 2)}${String((Number(iban.slice(2, 4)) % 97) + 1).padStart(2, '0')}${iban.slice(4)}`;
    const body = `Card ${badLuhn}, IBAN ${badIban}, SSN 666-22-1234, 900-12-3456, 536-00-1234, 536221234 and 536 22 1234.`;
    const decision = evaluateMessage(message({ body: { contentType: 'text', content: body } }), ctx());
    expect(decision.verdict).toBe('import');
    expect(decision.email!.bodyText).toBe(body);
    expect(decision.reasons.map((r) => r.code)).not.toContain('sensitive-content-masked');
  });
});
