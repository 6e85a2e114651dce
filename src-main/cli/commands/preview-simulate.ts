/**
 * `correspondent preview --settings-draft FILE` (shared/docs/cli.md): what a draft of the capture
 * policy would change, on envelopes or .eml files (the current policy: --settings and --exclusions,
 * else the defaults) or on a live mailbox (the stored policy, through the app). The output is one
 * JSON document with --json, else a list of the changed messages and the counts by reason. Nothing
 * is stored.
 */
import { readFile } from 'node:fs/promises';
import type { SimulationResult } from '../../../src-shared/capture-api.js';
import type { ExclusionEntry } from '../../../src-shared/capture-policy.js';
import { AppError } from '../../../src-shared/errors.js';
import type { Settings } from '../../../src-shared/settings.js';
import { applyCaptureDraft } from '../../app/capture-draft.js';
import { parseExclusionsCsv } from '../../app/exclusions-csv.js';
import { CrmIndex } from '../../crm/crm-index.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { DEFAULT_EXCLUSIONS } from '../../rules/capture-policy.js';
import { previewRuleSettings, type PreviewEnvelope } from '../../rules/preview.js';
import { simulateChange } from '../../rules/simulate.js';
import { simulationResult } from '../../rules/simulation-result.js';

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError('invalid-input', `${file}: cannot read the file`, { cause: error });
  }
}

/** The draft as JSON; its fields are checked against the current settings when it is applied. */
export async function readDraftFile(file: string): Promise<unknown> {
  const text = await readText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('invalid-input', `${file}: not valid JSON`, { cause: error });
  }
}

export async function readExclusionsFile(file: string | undefined): Promise<readonly ExclusionEntry[]> {
  if (file === undefined) return DEFAULT_EXCLUSIONS;
  const parsed = parseExclusionsCsv(await readText(file));
  const first = parsed.rejected[0];
  if (first) throw new AppError('invalid-input', `${file}:${first.line}: ${first.reason}`);
  return parsed.entries;
}

export type FileSimulationInput = { settings: Settings; exclusions: readonly ExclusionEntry[]; draft: unknown; orgDomains: string[]; crm: CrmSnapshot };

export function runFileSimulation(envelopes: readonly PreviewEnvelope[], input: FileSimulationInput): SimulationResult {
  let applied;
  try {
    applied = applyCaptureDraft({ settings: input.settings, exclusions: input.exclusions }, input.draft);
  } catch (error) {
    const issue = error instanceof AppError ? error.issues?.[0] : undefined;
    throw issue ? new AppError('invalid-input', `--settings-draft: ${issue.path}: ${issue.message}`) : error;
  }
  const crm = CrmIndex.fromSnapshot(input.crm);
  const of = (settings: Settings, exclusions: readonly ExclusionEntry[]) =>
    previewRuleSettings(envelopes, { ...settings, orgDomains: input.orgDomains, crm, exclusions });
  const simulation = simulateChange(envelopes, of(input.settings, input.exclusions), of(applied.settings, applied.exclusions));
  return simulationResult(simulation, envelopes, false);
}

function counts(byCode: Record<string, number>): string {
  const entries = Object.entries(byCode).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? 'none' : entries.map(([code, n]) => `${code} ${n}`).join(', ');
}

export function printSimulation(result: SimulationResult, json: boolean, io: { stdout(text: string): void; stderr(text: string): void }): void {
  if (json) {
    io.stdout(`${JSON.stringify(result)}\n`);
  } else {
    const rows = result.changes.map((c) => {
      const reason = (c.change === 'newly-skipped' ? c.draft : c.current).reasons[0];
      return `  ${c.change.padEnd(15)} ${c.id.padEnd(30).slice(0, 30)} ${reason?.code ?? ''}: ${reason?.detail ?? ''}`;
    });
    io.stdout(
      [
        `${result.current.total} messages: now ${result.current.imported} imported, with the draft ${result.draft.imported}`,
        `newly imported: ${result.newlyImported} (${counts(result.byReason.newlyImported)})`,
        `newly skipped: ${result.newlySkipped} (${counts(result.byReason.newlySkipped)})`,
        ...(rows.length > 0 ? ['', ...rows] : []),
        '',
      ].join('\n'),
    );
  }
  if (result.truncated) io.stderr('correspondent: the simulation stopped at the preview limit; narrow the date range to see the rest\n');
}
