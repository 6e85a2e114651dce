/**
 * How a sync cycle reads on the command line (`sync`, `worker`, `demo`): the summary line with
 * each failed and held mailbox under it, and how a one-off run ends (docs/cli.md exit codes).
 */
import type { CycleSummary } from '../../src-shared/domain.js';
import { CommandIncomplete, EXIT_CODES } from './cli-errors.js';

export function formatSummary(summary: CycleSummary): string {
  const skipped = Object.entries(summary.skipped)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  // Every message read is one of these (read = imported + already stored + unchanged + skipped).
  const skippedTotal = Object.values(summary.skipped).reduce((a, b) => a + b, 0);
  const lines = [
    `Synced ${summary.mailboxes} mailboxes in ${(summary.durationMs / 1000).toFixed(1)} s: read ${summary.read} = imported ${summary.imported} + already stored ${summary.alreadyStored} + unchanged ${summary.unchanged} + skipped ${skippedTotal} (${skipped || 'none'}).`,
  ];
  // Issue 20: a failed mailbox is never counted as synced, and one held elsewhere is named.
  for (const f of summary.failed) lines.push(`  failed: ${f.mailbox} (${f.state}, ${f.code}): ${f.reason}`);
  for (const h of summary.held) lines.push(`  not synced here: ${h.mailbox}: ${h.reason}`);
  return lines.join('\n');
}

/**
 * What a one-off sync ends with (docs/cli.md): 0 every mailbox it took was synced, 3 some failed,
 * 4 none could be synced (none opted in, all held by live workers, or all failed). The summary
 * (text or --json) already lists each failed and held mailbox; this is the stderr line.
 */
export function syncEnding(summaries: readonly CycleSummary[]): CommandIncomplete | null {
  const synced = summaries.reduce((n, s) => n + s.mailboxes, 0);
  const failed = summaries.flatMap((s) => s.failed);
  const held = summaries.flatMap((s) => s.held);
  const failedText = `${failed.length} mailbox${failed.length === 1 ? '' : 'es'} failed (${failed.map((f) => `${f.mailbox}: ${f.code}`).join(', ')})`;
  if (synced > 0) return failed.length > 0 ? new CommandIncomplete(EXIT_CODES.partial, `${failedText}; ${synced} synced.`) : null;
  if (failed.length > 0) return new CommandIncomplete(EXIT_CODES.nothingRan, `no mailbox was synced: ${failedText}${held.length > 0 ? `; ${held.length} held by another live worker` : ''}.`);
  if (held.length > 0) return new CommandIncomplete(EXIT_CODES.nothingRan, `no mailbox was synced here: ${held.map((h) => h.mailbox).join(', ')} ${held.length === 1 ? 'is' : 'are'} held by another live worker, which syncs ${held.length === 1 ? 'it' : 'them'}.`);
  return new CommandIncomplete(EXIT_CODES.nothingRan, 'no mailbox is opted in, so nothing was synced: choose them with `correspondent mailboxes opt-in ADDR... | --all | --group NAME`.');
}
