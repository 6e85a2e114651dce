/**
 * "Simulate a change" (issue 18, point 8), without I/O: the same messages decided under the
 * current rule settings and under a draft, and what the draft would change - messages newly
 * imported and newly skipped, counted by reason, with the list. Both sides run through
 * runPreview, the function the preview and the sync's rules share, so a simulation cannot
 * disagree with what the sync would do. Nothing is stored.
 */
import type { Reason } from '../../src-shared/domain.js';
import { runPreview, type PreviewEnvelope, type PreviewLine, type PreviewSummary } from './preview.js';
import type { RuleSettings } from './rule-context.js';

export type SimulatedChange = {
  index: number;
  change: 'newly-imported' | 'newly-skipped';
  current: PreviewLine;
  draft: PreviewLine;
};

export type Simulation = {
  current: PreviewSummary;
  draft: PreviewSummary;
  newlyImported: number;
  newlySkipped: number;
  byReason: { newlySkipped: Record<string, number>; newlyImported: Record<string, number> };
  changes: SimulatedChange[];
};

function firstCode(reasons: readonly Reason[]): string {
  return reasons[0]?.code ?? 'unreadable';
}

export function simulateChange(envelopes: readonly PreviewEnvelope[], current: RuleSettings, draft: RuleSettings): Simulation {
  const before = runPreview(envelopes, current);
  const after = runPreview(envelopes, draft);
  const changes: SimulatedChange[] = [];
  const byReason: Simulation['byReason'] = { newlySkipped: {}, newlyImported: {} };
  before.lines.forEach((line, index) => {
    const next = after.lines[index]!;
    if (line.verdict === next.verdict) return;
    if (next.verdict === 'skip') {
      const code = firstCode(next.reasons);
      byReason.newlySkipped[code] = (byReason.newlySkipped[code] ?? 0) + 1;
      changes.push({ index, change: 'newly-skipped', current: line, draft: next });
    } else {
      const code = firstCode(line.reasons);
      byReason.newlyImported[code] = (byReason.newlyImported[code] ?? 0) + 1;
      changes.push({ index, change: 'newly-imported', current: line, draft: next });
    }
  });
  const newlySkipped = changes.filter((c) => c.change === 'newly-skipped').length;
  return { current: before.summary, draft: after.summary, newlyImported: changes.length - newlySkipped, newlySkipped, byReason, changes };
}
