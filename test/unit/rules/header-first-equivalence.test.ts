/**
 * Issue 21, point 3: the header-first path decides every message exactly as the full fetch does.
 * For each message of the bench's realistic mix, the generator's own mix and the demo generator's
 * mix (thousands), the full path decides the whole payload; the two-stage path decides the
 * envelope Graph sends for the envelope $select (the payload cut down to those fields, plus what
 * Graph always adds and the expanded sensitivity property), and only when the envelope leaves it
 * open, the envelope's view completed with the content a batch member returns (addContent, as
 * the sync's and the preview's content stages do it). Verdict, reasons, captured
 * email and CRM match must be equal. Variants put Outlook sensitivity where the envelope cannot
 * see it (the Sensitivity header, no property) to prove such mail is not decided early.
 */
import { describe, expect, it } from 'vitest';
import { ENVELOPE_SELECT } from '../../../src-main/graph/graph-message.js';
import { addContent, evaluateEnvelope, evaluateMessage, evaluateMessageView, readMessage, type RuleContext } from '../../../src-main/rules/pipeline.js';
import { demoMix, generatorMix, realisticMix, type MixItem } from '../../bench/support/pipeline-mix.js';

/** What Graph returns for `$select=<envelope>&$expand=singleValueExtendedProperties(...)`: the test's own projection. */
function envelopeOf(full: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: full['id'] };
  if ('@odata.type' in full) out['@odata.type'] = full['@odata.type'];
  for (const field of ENVELOPE_SELECT) if (field in full) out[field] = full[field];
  if ('singleValueExtendedProperties' in full) out['singleValueExtendedProperties'] = full['singleValueExtendedProperties'];
  return out;
}

/** A batch member's answer for `$select=body,internetMessageHeaders` (Graph adds the id and the type). */
function contentOf(full: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: full['id'] };
  if ('@odata.type' in full) out['@odata.type'] = full['@odata.type'];
  for (const field of ['body', 'internetMessageHeaders']) if (field in full) out[field] = full[field];
  return out;
}

type Compared = { envelope: number; content: number; mismatches: string[] };

function compare(items: readonly { message: unknown; context: RuleContext }[]): Compared {
  const result: Compared = { envelope: 0, content: 0, mismatches: [] };
  for (const { message, context } of items) {
    const full = message as Record<string, unknown>;
    const expected = evaluateMessage(full as never, context);
    // As the product's page step does it: the envelope read once, its content added to that view.
    const read = readMessage(envelopeOf(full));
    let decided = evaluateEnvelope(read, context);
    if (decided) result.envelope += 1;
    else {
      result.content += 1;
      if (!read.ok) throw new Error(`${String(full['id'])}: an envelope the envelope stage left open is unreadable`);
      decided = evaluateMessageView({ ok: true, message: addContent(read.message, contentOf(full)) }, context);
    }
    if (JSON.stringify(decided) !== JSON.stringify(expected)) {
      result.mismatches.push(`${String(full['id'])}: full ${expected.verdict}/${expected.reasons[0]?.code} vs two-stage ${decided.verdict}/${decided.reasons[0]?.code}`);
    }
  }
  return result;
}

/** Sensitivity the envelope cannot see (header only), or can (property), on copies of the mix. */
function withSensitivityVariants(mix: readonly MixItem[]): { message: unknown; context: RuleContext }[] {
  return mix.map((item, i) => {
    const message = { ...(item.message as Record<string, unknown>) };
    const headers = Array.isArray(message['internetMessageHeaders']) ? [...(message['internetMessageHeaders'] as unknown[])] : [];
    if (i % 3 === 0) {
      delete message['singleValueExtendedProperties'];
      message['internetMessageHeaders'] = [...headers, { name: 'Sensitivity', value: i % 2 === 0 ? 'Private' : 'Company-Confidential' }];
      // A later envelope rule that would also skip it (a default excluded subject term): the
      // sensitivity rule comes first, so the full path says 'sensitive' - the envelope must wait.
      if (i % 6 === 0) message['subject'] = `${typeof message['subject'] === 'string' ? message['subject'] : ''} - interview`;
    } else if (i % 3 === 1) {
      message['singleValueExtendedProperties'] = [{ id: 'Integer 0x36', value: '2' }];
      // The property wins over a header that says otherwise, in both paths.
      message['internetMessageHeaders'] = [...headers, { name: 'Sensitivity', value: 'Personal' }];
    }
    return { message, context: item.context };
  });
}

describe('header-first capture decides as the full fetch does', () => {
  it('never selects content on the envelope', () => {
    expect(ENVELOPE_SELECT).not.toContain('body');
    expect(ENVELOPE_SELECT).not.toContain('internetMessageHeaders');
    expect(ENVELOPE_SELECT).not.toContain('uniqueBody');
  });

  // The least share each mix must settle on the envelope: its internal, unmatched, blocked, draft
  // and deleted mail (the generator's mix is two thirds imports, a stress mix).
  it.each([
    ['the realistic mix', () => realisticMix(4000), 0.45],
    ['the sandbox generator mix', () => generatorMix(3, 300), 0.15],
    ['the demo generator mix', () => demoMix(20), 0.2],
  ])('%s: the same verdict, reasons and email for every message', (_name, mixOf, envelopeShare) => {
    const mix = mixOf();
    expect(mix.length).toBeGreaterThan(1000);
    const compared = compare(mix);
    console.log(`${_name}: ${mix.length} messages, ${compared.envelope} decided on the envelope, ${compared.content} on content`);
    expect(compared.mismatches).toEqual([]);
    // Both stages did work: the envelope settles a real share, the rest were decided on content.
    expect(compared.envelope).toBeGreaterThan(mix.length * envelopeShare);
    expect(compared.content).toBeGreaterThan(mix.length * 0.1);
  }, 60_000);

  it('mail marked sensitive only in its headers waits for its content, and is decided the same', () => {
    const variants = withSensitivityVariants(realisticMix(3000));
    const compared = compare(variants);
    expect(compared.mismatches).toEqual([]);
    const headerOnly = variants.filter((_, i) => i % 3 === 0);
    const sensitiveByHeader = headerOnly.filter(({ message, context }) => evaluateMessage(message as never, context).reasons[0]?.code === 'sensitive');
    expect(sensitiveByHeader.length).toBeGreaterThan(50);
    expect(sensitiveByHeader.filter(({ message }) => String((message as { subject?: unknown }).subject).endsWith(' - interview')).length).toBeGreaterThan(20);
    // None of them was decided on the envelope: the header was not there to read.
    expect(sensitiveByHeader.filter(({ message, context }) => evaluateEnvelope(readMessage(envelopeOf(message as Record<string, unknown>)), context) !== null)).toEqual([]);
    const byProperty = variants.filter((_, i) => i % 3 === 1).filter(({ message, context }) => evaluateEnvelope(readMessage(envelopeOf(message as Record<string, unknown>)), context)?.reasons[0]?.code === 'sensitive');
    expect(byProperty.length).toBeGreaterThan(50);
  }, 60_000);
});
