/**
 * `capture.simulate`: "what would this draft change?" on the same messages a preview reads (live
 * mailboxes for a date range, pasted Graph JSON, dropped .eml files), decided once with the
 * current settings and exclusion lists and once with the draft (rules/simulate.ts). Nothing is
 * stored: neither the draft, nor the messages, nor a cache; the result goes back to the console.
 */
import type { ApiHandlers, ApiParsedInput } from '../../../src-shared/api.js';
import type { SimulationResult } from '../../../src-shared/capture-api.js';
import { simulateChange } from '../../rules/simulate.js';
import { simulationResult } from '../../rules/simulation-result.js';
import { applyCaptureDraft } from '../capture-draft.js';
import { preparePreview, previewSettingsFor, type PreviewHandlerDeps, type PreviewPolicy } from './preview-handlers.js';

export async function runSimulation(deps: PreviewHandlerDeps, input: ApiParsedInput<'capture.simulate'>): Promise<SimulationResult> {
  const current = { settings: deps.settings(), exclusions: deps.exclusions.entries() };
  // The draft is checked before any mailbox is read: a bad draft costs nothing.
  const draft = applyCaptureDraft(current, input.draft);
  // Both policies with the exclusion lists as they are now: read again once the preview refreshed
  // them. A live message's content is fetched when either policy leaves it open on its envelope.
  const policies = (): readonly [PreviewPolicy, PreviewPolicy] => {
    const lists = deps.exclusions.entries();
    return [
      { settings: current.settings, exclusions: lists },
      { settings: draft.settings, exclusions: input.draft.exclusions === undefined ? lists : draft.exclusions },
    ];
  };
  const prepared = await preparePreview(deps, input.source, policies);
  const [before, after] = policies();
  const simulation = simulateChange(
    prepared.envelopes,
    previewSettingsFor(prepared, before.settings, before.exclusions, deps),
    previewSettingsFor(prepared, after.settings, after.exclusions, deps),
  );
  return simulationResult(simulation, prepared.envelopes, prepared.truncated);
}

export function simulateHandlers(deps: PreviewHandlerDeps): Pick<ApiHandlers, 'capture.simulate'> {
  return { 'capture.simulate': (input) => runSimulation(deps, input) };
}
