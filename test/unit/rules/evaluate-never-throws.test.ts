import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionSchemaForTest } from './decision-schema.js';
import { evaluateMessage } from '../../../src-main/rules/pipeline.js';
import { context, message, recipient } from './rule-fixtures.js';

const ctx = context();

/** Values shaped like Graph fields but wrong in every way JSON allows. */
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.string(),
    fc.constantFrom('alice@customer.example', 'Dave@GMAIL.com', 'x@spam.example', 'me@ourco.example', '<id@x>', 'html', 'text'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('emailAddress', 'address', 'name', 'contentType', 'content', 'value', 'reason'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const fieldNames = [
  'id', '@removed', 'isDraft', 'subject', 'body', 'from', 'sender', 'toRecipients', 'ccRecipients', 'bccRecipients',
  'sentDateTime', 'receivedDateTime', 'internetMessageId', 'internetMessageHeaders', '@odata.type', 'meetingMessageType',
  'inferenceClassification',
] as const;

const garbledMessage = fc
  .record(Object.fromEntries(fieldNames.map((name) => [name, jsonish])) as Record<(typeof fieldNames)[number], fc.Arbitrary<unknown>>, {
    requiredKeys: [],
  })
  .map((fields) => ({ ...message(), ...fields }));

/** A valid message with one field garbled: reaches the deep rules (and imports) on most runs. */
const oneFieldGarbled = fc
  .constantFrom(...fieldNames)
  .chain((name) => jsonish.map((value) => ({ ...message(), [name]: value })));

describe('evaluateMessage never throws', () => {
  it('answers any JSON-ish payload with a valid Decision', () => {
    const verdicts = { import: 0, skip: 0 };
    fc.assert(
      fc.property(fc.oneof(jsonish, garbledMessage, oneFieldGarbled), (payload) => {
        const decision = evaluateMessage(payload as never, ctx);
        expect(decisionSchemaForTest.safeParse(decision).success).toBe(true);
        expect(decision.reasons.length).toBeGreaterThan(0);
        verdicts[decision.verdict] += 1;
      }),
      { numRuns: 3000 },
    );
    // The generator must reach the deep rules, not only the first guard.
    expect(verdicts.import).toBeGreaterThan(0);
    expect(verdicts.skip).toBeGreaterThan(0);
  });

  it('turns a payload whose getters throw into unreadable', () => {
    const hostile = message();
    Object.defineProperty(hostile, 'toRecipients', {
      enumerable: true,
      get() {
        throw new Error('secret@customer.example leaked');
      },
    });
    const decision = evaluateMessage(hostile, ctx);
    expect(decision).toEqual({
      verdict: 'skip',
      reasons: [{ code: 'unreadable', detail: 'the message could not be evaluated (unexpected Error)' }],
    });
  });

  it('keeps valid recipients when others in the same list are malformed', () => {
    const decision = evaluateMessage(
      message({ toRecipients: [42, { emailAddress: { address: 7 } }, recipient('me@ourco.example'), null] }),
      ctx,
    );
    expect(decision.verdict).toBe('import');
    expect(decision.email?.to).toEqual([{ address: 'me@ourco.example', name: '' }]);
  });
});
