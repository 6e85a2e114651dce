/**
 * `addContent` (header-first): completing an envelope's view with the content a batch member
 * returns gives the view `readMessage` gives for the envelope and content merged - for any content
 * shape Graph or a broken proxy could send (odd body types, junk headers, an eventMessage type).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENVELOPE_SELECT } from '../../../src-main/graph/graph-message.js';
import { addContent, readMessage } from '../../../src-main/rules/pipeline.js';
import { generatorMix } from '../../bench/support/pipeline-mix.js';

const mix = generatorMix(1, 60);

function envelopeOf(full: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: full['id'] };
  for (const field of ENVELOPE_SELECT) if (field in full) out[field] = full[field];
  return out;
}

const oddValue = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }));
const body = fc.oneof(
  fc.record({ contentType: fc.constantFrom('html', 'HTML ', 'text', 'other', null), content: fc.string() }),
  fc.record({ contentType: oddValue, content: oddValue }),
  oddValue,
);
const header = fc.oneof(fc.record({ name: fc.constantFrom('In-Reply-To', 'References', 'List-Unsubscribe', 'Sensitivity'), value: fc.string() }), fc.record({ name: oddValue, value: oddValue }), oddValue);
const content = fc.record(
  {
    '@odata.type': fc.constantFrom('#microsoft.graph.message', '#microsoft.graph.eventMessage', 'other'),
    body,
    internetMessageHeaders: fc.oneof(fc.array(header, { maxLength: 4 }), oddValue),
  },
  { requiredKeys: [] },
);

describe('addContent', () => {
  it('gives the merged message view, for the mix and for any content', () => {
    expect(mix.length).toBeGreaterThan(100);
    let eventMessages = 0;
    fc.assert(
      fc.property(fc.nat({ max: mix.length - 1 }), content, fc.constantFrom(null, 'meetingRequest', 'none'), (index, extra, meeting) => {
        const full = mix[index]!.message as unknown as Record<string, unknown>;
        const envelope = { ...envelopeOf(full), ...(meeting === null ? {} : { meetingMessageType: meeting }) };
        const answer = { id: full['id'], ...extra };
        const read = readMessage(envelope);
        if (!read.ok) throw new Error('an envelope of the mix is unreadable');
        const merged = readMessage({ ...envelope, ...answer });
        if (!merged.ok) throw new Error('a merged message is unreadable');
        if (merged.message.isEventMessage) eventMessages += 1;
        expect(addContent(read.message, answer)).toEqual(merged.message);
      }),
      { numRuns: 2000 },
    );
    // The property saw the case where the content's type changes the view.
    expect(eventMessages).toBeGreaterThan(100);
  });

  it('gives the whole message of a full fetch for every message of the mix', () => {
    for (const item of mix) {
      const full = item.message as unknown as Record<string, unknown>;
      const read = readMessage(envelopeOf(full));
      if (!read.ok) throw new Error('an envelope of the mix is unreadable');
      const whole = addContent(read.message, { id: full['id'], body: full['body'], internetMessageHeaders: full['internetMessageHeaders'] });
      expect(whole).toEqual((readMessage(full) as { ok: true; message: unknown }).message);
    }
  });
});
