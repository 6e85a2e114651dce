/**
 * A simulation (simulate.ts) as the Api and `preview --settings-draft` print it: each changed
 * message with where it was, both decisions, and the header fields of the side that imports it
 * (what is or would be stored). One mapping, so the console and the command line cannot differ.
 */
import type { SimulationChange, SimulationResult } from '../../src-shared/capture-api.js';
import type { PreviewEnvelope, PreviewLine } from './preview.js';
import type { Simulation } from './simulate.js';

export type EnvelopePlace = { mailbox: string | null; folder: string | null; receivedAt: string | null };

/** Where an envelope's message was: mailbox, folder and received time (null where the input has none). */
export function envelopePlace(envelope: PreviewEnvelope): EnvelopePlace {
  if (!('message' in envelope)) return { mailbox: null, folder: null, receivedAt: null };
  const value = (envelope.message as { receivedDateTime?: unknown } | null)?.receivedDateTime;
  return { mailbox: envelope.mailbox, folder: envelope.folder, receivedAt: typeof value === 'string' ? value : null };
}

function capturedOf(line: PreviewLine): SimulationChange['captured'] {
  const email = line.decision.email;
  return email ? { from: email.from.address, to: email.to.map((a) => a.address), subject: email.subject, sentAt: email.sentAt } : null;
}

export function simulationResult(simulation: Simulation, envelopes: readonly PreviewEnvelope[], truncated: boolean): SimulationResult {
  return {
    current: simulation.current,
    draft: simulation.draft,
    newlyImported: simulation.newlyImported,
    newlySkipped: simulation.newlySkipped,
    byReason: simulation.byReason,
    truncated,
    changes: simulation.changes.map((c) => ({
      id: c.current.id,
      internetMessageId: c.current.internetMessageId,
      ...envelopePlace(envelopes[c.index]!),
      change: c.change,
      current: { verdict: c.current.verdict, reasons: c.current.reasons },
      draft: { verdict: c.draft.verdict, reasons: c.draft.reasons },
      captured: capturedOf(c.change === 'newly-imported' ? c.draft : c.current),
    })),
  };
}
