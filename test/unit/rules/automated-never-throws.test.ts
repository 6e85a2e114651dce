/**
 * The automated-mail rule on arbitrary header sets: any mix of the headers it reads, with odd
 * values, still yields a valid Decision, and a skip detail never carries header values or body
 * text (only header names and fixed tokens).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateMessage } from '../../../src-main/rules/pipeline.js';
import { decisionSchemaForTest } from './decision-schema.js';
import { context, message } from './rule-fixtures.js';

const ctx = context();
const names = [
  'Auto-Submitted', 'Precedence', 'List-Unsubscribe', 'List-Unsubscribe-Post', 'List-Id', 'List-Post', 'Return-Path', 'Content-Type', 'Content-Class',
  'X-Autoreply', 'X-Mailer', 'X-Campaign', 'X-HS-Cid', 'X-PM-Message-Id', 'X-SG-EID', 'X-Received', 'Received', 'Feedback-ID', 'X-SFDC-EmailCategory',
  'X-Zendesk-From-Account-Id', 'X-Microsoft-Antispam', 'In-Reply-To', 'References', 'Reply-To', 'X-Delivery', 'X-Failed-Recipients',
];
const SECRET = 'zz-secret-token';
const values = fc.oneof(
  fc.constantFrom('<>', 'bulk', 'auto-replied (vacation)', 'no', 'multipart/report; report-type=delivery-status', 'text/calendar; method=REQUEST', 'BCL:9;', `<${SECRET}@x>`, 'NO', 'Transactional', ''),
  fc.string({ maxLength: 40 }).map((s) => `${s}${SECRET}`),
);
const headers = fc.array(fc.record({ name: fc.constantFrom(...names), value: values }), { maxLength: 12 });
const bodies = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('<img width=1 height=1>', 'Unsubscribe', '\n> quoted', 'Your request #1 has been received'));

describe('automated-mail rule never throws and leaks nothing', () => {
  it('answers any header set with a valid Decision whose skip details hold no header values', () => {
    fc.assert(
      fc.property(headers, bodies, fc.constantFrom('Quote', 'Automatic reply: Quote', 'Undeliverable: x'), (internetMessageHeaders, content, subject) => {
        const decision = evaluateMessage(message({ internetMessageHeaders, subject, body: { contentType: 'html', content: `${content}${SECRET}` } }), ctx);
        expect(decisionSchemaForTest.safeParse(decision).success).toBe(true);
        if (decision.verdict === 'skip') expect(decision.reasons[0]!.detail).not.toContain(SECRET);
      }),
      { numRuns: 2000 },
    );
  });
});
