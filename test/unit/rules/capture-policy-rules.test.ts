/**
 * Issue 18, points 1, 2 and 4: Outlook sensitivity, the administrators' exclusion lists and mass
 * mail, through the one pipeline entry point. Each case first shows the message imports without
 * the policy, so a skip is the rule's doing.
 */
import { describe, expect, it } from 'vitest';
import { capturePolicySettingsSchema, DEFAULT_SUBJECT_TERMS, type ExclusionInput } from '../../../src-shared/capture-policy.js';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import { evaluateMessage } from '../../../src-main/rules/pipeline.js';
import { createRuleContext, type RuleContext } from '../../../src-main/rules/rule-context.js';
import { inbox, message, recipient, snapshot } from './rule-fixtures.js';

const sentItems = { id: 's', wellKnownName: 'sentitems', displayName: 'Sent Items' };

function ctx(options: { policy?: unknown; exclusions?: ExclusionInput[]; mailbox?: string; folder?: typeof inbox } = {}): RuleContext {
  return createRuleContext({
    mailbox: options.mailbox ?? 'me@ourco.example',
    folder: options.folder ?? inbox,
    orgDomains: ['ourco.example'],
    blockedDomains: [],
    crm: CrmIndex.fromSnapshot(snapshot),
    capturePolicy: capturePolicySettingsSchema.parse(options.policy ?? {}),
    exclusions: options.exclusions ?? [],
  });
}

const codes = (m: ReturnType<typeof message>, c: RuleContext) => evaluateMessage(m, c).reasons.map((r) => r.code);

describe('sensitivity', () => {
  const marked = (value: string) => message({ singleValueExtendedProperties: [{ id: 'Integer 0x0036', value }] });

  it('skips private and confidential by default, imports personal and normal, and names the value', () => {
    expect(evaluateMessage(marked('0'), ctx()).verdict).toBe('import');
    expect(evaluateMessage(marked('1'), ctx()).verdict).toBe('import');
    for (const [value, label] of [['2', 'Private'], ['3', 'Confidential']] as const) {
      const decision = evaluateMessage(marked(value), ctx());
      expect(decision.verdict).toBe('skip');
      expect(decision.reasons[0]?.code).toBe('sensitive');
      expect(decision.reasons[0]?.detail).toContain(label);
    }
  });

  it('is configurable per value', () => {
    const policy = { sensitivity: { personal: 'skip', private: 'import', confidential: 'import' } };
    expect(codes(marked('1'), ctx({ policy }))).toEqual(['sensitive']);
    expect(evaluateMessage(marked('2'), ctx({ policy })).verdict).toBe('import');
    expect(evaluateMessage(marked('3'), ctx({ policy })).verdict).toBe('import');
  });

  it('reads the RFC 2156 Sensitivity header and a plain sensitivity property too', () => {
    const header = message({ internetMessageHeaders: [{ name: 'Sensitivity', value: 'Company-Confidential' }] });
    expect(evaluateMessage(header, ctx()).reasons[0]?.detail).toContain('Sensitivity header');
    expect(codes(message({ sensitivity: 'private' }), ctx())).toEqual(['sensitive']);
    expect(evaluateMessage(message({ sensitivity: 'bogus' }), ctx()).verdict).toBe('import');
  });
});

describe('exclusions', () => {
  it('skips on an excluded address, org-wide, and names the entry', () => {
    expect(evaluateMessage(message(), ctx()).verdict).toBe('import');
    const decision = evaluateMessage(message(), ctx({ exclusions: [{ kind: 'address', value: 'Alice@Customer.Example' }] }));
    expect(decision.reasons).toEqual([{ code: 'excluded-participant', detail: 'a participant is the excluded address alice@customer.example (organisation-wide)' }]);
  });

  it('skips on an excluded domain and its subdomains, not on a look-alike', () => {
    const exclusions: ExclusionInput[] = [{ kind: 'domain', value: '@customer.example' }];
    const sub = message({ from: recipient('x@eu.customer.example'), sender: recipient('x@eu.customer.example') });
    expect(evaluateMessage(sub, ctx({ exclusions })).reasons[0]?.detail).toContain('excluded domain customer.example');
    const lookAlike = message({ from: recipient('alice@customer.example'), toRecipients: [recipient('me@ourco.example'), recipient('x@notcustomer.example')] });
    expect(codes(lookAlike, ctx({ exclusions: [{ kind: 'domain', value: 'tcustomer.example' }] }))).toEqual(['crm-contact']);
  });

  it('applies a mailbox entry to that mailbox only', () => {
    const exclusions: ExclusionInput[] = [{ kind: 'address', value: 'alice@customer.example', mailbox: 'Me@OurCo.example' }];
    expect(evaluateMessage(message(), ctx({ exclusions })).reasons[0]?.detail).toContain('for mailbox me@ourco.example');
    expect(evaluateMessage(message({ toRecipients: [recipient('you@ourco.example')] }), ctx({ exclusions, mailbox: 'you@ourco.example' })).verdict).toBe('import');
  });

  it('excludes subject terms as whole words or phrases, case and spacing aside; the defaults include interview', () => {
    const exclusions = DEFAULT_SUBJECT_TERMS.map((value): ExclusionInput => ({ kind: 'subject', value }));
    const skipped = evaluateMessage(message({ subject: 'Re: your  OFFER\tletter' }), ctx({ exclusions }));
    expect(skipped.reasons).toEqual([{ code: 'excluded-subject', detail: 'the subject holds the excluded term "offer letter" (organisation-wide)' }]);
    expect(codes(message({ subject: 'Interview on Monday' }), ctx({ exclusions }))).toEqual(['excluded-subject']);
    expect(codes(message({ subject: 'Our 401(k) plan' }), ctx({ exclusions }))).toEqual(['excluded-subject']);
    expect(evaluateMessage(message({ subject: 'Interviewer tool demo' }), ctx({ exclusions })).verdict).toBe('import');
    expect(evaluateMessage(message({ subject: 'Quote for 40 units' }), ctx({ exclusions })).verdict).toBe('import');
  });
});

describe('mass mail', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => recipient(`r${i}@ourco.example`));
  const stranger = (n: number, extra: Record<string, unknown> = {}) =>
    message({ from: recipient('promo@vendor.example'), sender: recipient('promo@vendor.example'), toRecipients: [recipient('alice@customer.example'), ...many(n - 1)], ...extra });

  it('skips inbound mail from a non-CRM sender to more than 15 recipients, not to 15', () => {
    expect(evaluateMessage(stranger(15), ctx()).verdict).toBe('import');
    const decision = evaluateMessage(stranger(16), ctx());
    expect(decision.reasons).toEqual([{ code: 'mass-mail', detail: 'inbound mail from a sender not in the CRM to 16 recipients (more than 15)' }]);
  });

  it('never skips mail a CRM participant sent, nor our own sent mail; the limit is a setting and can be off', () => {
    const fromCustomer = message({ toRecipients: many(40) });
    expect(evaluateMessage(fromCustomer, ctx()).verdict).toBe('import');
    const ours = message({ from: recipient('me@ourco.example'), sender: recipient('me@ourco.example'), toRecipients: [recipient('alice@customer.example'), ...many(40)] });
    expect(evaluateMessage(ours, ctx({ folder: sentItems })).verdict).toBe('import');
    expect(codes(stranger(6), ctx({ policy: { massMail: { maxRecipients: 5 } } }))).toEqual(['mass-mail']);
    expect(evaluateMessage(stranger(200), ctx({ policy: { massMail: { maxRecipients: null } } })).verdict).toBe('import');
  });
});
