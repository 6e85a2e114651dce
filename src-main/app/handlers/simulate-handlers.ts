/**
 * `capture.simulate`: "what would this draft change?" on the same messages a preview reads (live
 * mailboxes for a date range, pasted Graph JSON, dropped .eml files), decided once with the
 * current settings and exclusion lists and once with the draft (rules/simulate.ts). Nothing is
 * stored: neither the draft, nor the messages, nor a cache; the result goes back to the console.
 */
import type { ApiHandlers, ApiParsedInput } from '../../../src-shared/api.js';
import type { SimulationChange, SimulationResult } from '../../../src-shared/capture-api.js';
import type { PreviewEnvelope, PreviewLine } from '../../rules/preview.js';
import { simulateChange } from '../../rules/simulate.js';
import { applyCaptureDraft } from '../capture-draft.js';
import { envelopePlace, preparePreview, previewSettingsFor, type PreviewHandlerDeps } from './preview-handlers.js';

function capturedOf(line: PreviewLine): SimulationChange['captured'] {
  const email = line.decision.email;
  return email ? { from: email.from.address, to: email.to.map((a) => a.address), subject: email.subject, sentAt: email.sentAt } : null;
}

export async function runSimulation(deps: PreviewHandlerDeps, input: ApiParsedInput<'capture.simulate'>): Promise<SimulationResult> {
  const current = { settings: deps.settings(), exclusions: deps.exclusions.entries() };
  // The draft is checked before any mailbox is read: a bad draft costs nothing.
  const draft = applyCaptureDraft(current, input.draft);
  const prepared = await preparePreview(deps, input.source);
  const refreshed = deps.exclusions.entries();
  const draftExclusions = input.draft.exclusions === undefined ? refreshed : draft.exclusions;
  const simulation = simulateChange(
    prepared.envelopes,
    previewSettingsFor(prepared, current.settings, refreshed, deps),
    previewSettingsFor(prepared, draft.settings, draftExclusions, deps),
  );
  const changes = simulation.changes.map((c): SimulationChange => {
    const envelope: PreviewEnvelope = prepared.envelopes[c.index]!;
    return {
      id: c.current.id,
      internetMessageId: c.current.internetMessageId,
      ...envelopePlace(envelope),
      change: c.change,
      current: { verdict: c.current.verdict, reasons: c.current.reasons },
      draft: { verdict: c.draft.verdict, reasons: c.draft.reasons },
      captured: capturedOf(c.change === 'newly-imported' ? c.draft : c.current),
    };
  });
  return {
    current: simulation.current,
    draft: simulation.draft,
    newlyImported: simulation.newlyImported,
    newlySkipped: simulation.newlySkipped,
    byReason: simulation.byReason,
    changes,
    truncated: prepared.truncated,
  };
}

export function simulateHandlers(deps: PreviewHandlerDeps): Pick<ApiHandlers, 'capture.simulate'> {
  return { 'capture.simulate': (input) => runSimulation(deps, input) };
}
