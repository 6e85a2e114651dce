/**
 * How a preview reads: JSON lines exactly as shared/docs/cli.md specifies, or a table and a
 * summary for people. Pure, so the CLI and tests format alike.
 */
import type { PreviewLine, PreviewSummary } from './preview.js';

/** The fields a preview line is printed with (the Api's preview lines have them too). */
export type PrintableLine = Pick<PreviewLine, 'id' | 'internetMessageId' | 'verdict' | 'reasons' | 'stage'>;

/** `{"id","internetMessageId","verdict","reasons":[{"code","detail"}],"stage"}`: cli.md's keys, then the stage (issue 21). */
export function previewJsonLine(line: PrintableLine): string {
  return JSON.stringify({
    id: line.id,
    internetMessageId: line.internetMessageId,
    verdict: line.verdict,
    reasons: line.reasons.map((reason) => ({ code: reason.code, detail: reason.detail })),
    stage: line.stage,
  });
}

function cell(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}\u2026` : flat.padEnd(width);
}

export function previewTable(lines: readonly PrintableLine[]): string {
  const rows = [`${cell('#', 5)} ${cell('id', 30)} ${cell('verdict', 7)} ${cell('stage', 8)} ${cell('reasons', 40)} detail`];
  lines.forEach((line, index) => {
    const codes = [...new Set(line.reasons.map((reason) => reason.code))].join(', ');
    rows.push(`${cell(String(index + 1), 5)} ${cell(line.id, 30)} ${cell(line.verdict, 7)} ${cell(line.stage, 8)} ${cell(codes, 40)} ${line.reasons[0]?.detail ?? ''}`);
  });
  return `${rows.join('\n')}\n`;
}

export function previewSummaryText(summary: PreviewSummary): string {
  const out = [`\n${summary.total} messages: ${summary.imported} imported, ${summary.skipped} skipped`, '', 'By reason:'];
  for (const [code, count] of Object.entries(summary.byReason).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    out.push(`  ${cell(code, 28)} ${count}`);
  }
  out.push('', 'Missing from CRM (skipped external mail by domain):');
  if (summary.missingFromCrm.length === 0) out.push('  none');
  for (const { domain, count } of summary.missingFromCrm) out.push(`  ${cell(domain, 40)} ${count}`);
  return `${out.join('\n')}\n`;
}
