/**
 * The sync's history as charts: each cycle's duration against the schedule's budget (cycles over
 * it highlighted), and what each cycle imported and skipped by reason. Recharts draws SVG; the
 * figures are also given as a table (screen readers, copying), so the chart is never the only way in.
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CycleHealth } from '../../../src-shared/api.js';
import { reasonLabel } from '../../reason-labels.js';

const useStyles = makeStyles({
  chart: { width: '100%', height: '240px', minWidth: 0, position: 'relative' },
  note: { position: 'absolute', insetBlockStart: 0, insetInlineEnd: tokens.spacingHorizontalS, fontSize: tokens.fontSizeBase200, zIndex: 1 },
});

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const label = (iso: string) => time.format(new Date(iso));

/** Oldest first, as time reads left to right. */
function chronological(cycles: readonly CycleHealth[]): CycleHealth[] {
  return [...cycles].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
}

const SKIP_COLOURS = ['#8764b8', '#ca5010', '#038387', '#986f0b', '#c239b3', '#4f6bed', '#7a7574', '#0078d4'];

/**
 * The duration axis fits the cycles, not the budget: an 0.8-s cycle against a 900-s budget would
 * otherwise be a flat line. The budget is drawn as a reference line only when it falls within
 * the axis (a cycle took at least half of it); otherwise the chart says how far below it they are.
 */
export function durationAxis(seconds: readonly number[], budgetSeconds: number): { max: number; showBudget: boolean } {
  const longest = Math.max(0, ...seconds);
  const showBudget = longest >= budgetSeconds / 2;
  const top = showBudget ? Math.max(longest, budgetSeconds) * 1.1 : longest * 1.2;
  return { max: niceCeiling(top), showBudget };
}

/** The next 1, 2 or 5 times a power of ten at or above `value` (0.1 s at least). */
function niceCeiling(value: number): number {
  if (value <= 0.1) return 0.1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

export function CycleDurationChart(props: { cycles: readonly CycleHealth[]; budgetMs: number }) {
  const styles = useStyles();
  const data = chronological(props.cycles).map((c) => ({ at: label(c.finishedAt), seconds: c.cycle.durationMs / 1000, overBudget: c.overBudget }));
  const budgetSeconds = props.budgetMs / 1000;
  const axis = durationAxis(data.map((d) => d.seconds), budgetSeconds);
  return (
    <div className={styles.chart} data-testid="cycle-duration-chart" data-axis-max={axis.max} data-budget-shown={axis.showBudget} role="img" aria-label={`Cycle durations in seconds; the budget is ${Math.round(budgetSeconds / 60)} minutes`}>
      {axis.showBudget ? null : (
        <span className={styles.note} data-testid="cycle-budget-note">
          Every cycle took under half of the {Math.round(budgetSeconds / 60)}-minute budget.
        </span>
      )}
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" />
          <YAxis unit=" s" domain={[0, axis.max]} allowDataOverflow={false} />
          <Tooltip />
          {axis.showBudget ? (
            <ReferenceLine y={budgetSeconds} stroke={tokens.colorPaletteRedBorder2} strokeDasharray="6 3" label={{ value: 'Budget', position: 'insideTopRight' }} />
          ) : null}
          <Bar dataKey="seconds" name="Duration (s)" isAnimationActive={false}>
            {data.map((d, index) => (
              <Cell key={index} fill={d.overBudget ? '#c50f1f' : '#0f6cbd'} data-over-budget={d.overBudget} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ImportedSkippedChart(props: { cycles: readonly CycleHealth[] }) {
  const styles = useStyles();
  const ordered = chronological(props.cycles);
  const reasons = [...new Set(ordered.flatMap((c) => Object.keys(c.cycle.skipped)))].sort();
  const data = ordered.map((c) => ({ at: label(c.finishedAt), imported: c.cycle.imported, alreadyStored: c.cycle.alreadyStored, ...c.cycle.skipped }));
  return (
    <div className={styles.chart} data-testid="imported-skipped-chart" role="img" aria-label="Imported and skipped messages by reason per cycle">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar dataKey="imported" name="Imported" fill="#107c10" isAnimationActive={false} />
          <Bar dataKey="alreadyStored" name="Already stored" fill="#5c2e91" isAnimationActive={false} />
          {reasons.map((reason, index) => (
            <Bar key={reason} dataKey={reason} name={`Skipped: ${reasonLabel(reason)}`} stackId="skipped" fill={SKIP_COLOURS[index % SKIP_COLOURS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
