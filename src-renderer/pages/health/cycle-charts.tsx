/**
 * The sync's history as charts: each cycle's duration against the schedule's budget (cycles over
 * it highlighted), and what each cycle imported and skipped by reason. Recharts draws SVG; the
 * figures are also given as a table (screen readers, copying), so the chart is never the only way in.
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CycleHealth } from '../../../src-shared/api.js';

const useStyles = makeStyles({ chart: { width: '100%', height: '240px', minWidth: 0 } });

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const label = (iso: string) => time.format(new Date(iso));

/** Oldest first, as time reads left to right. */
function chronological(cycles: readonly CycleHealth[]): CycleHealth[] {
  return [...cycles].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
}

const SKIP_COLOURS = ['#8764b8', '#ca5010', '#038387', '#986f0b', '#c239b3', '#4f6bed', '#7a7574', '#0078d4'];

export function CycleDurationChart(props: { cycles: readonly CycleHealth[]; budgetMs: number }) {
  const styles = useStyles();
  const data = chronological(props.cycles).map((c) => ({ at: label(c.finishedAt), seconds: c.cycle.durationMs / 1000, overBudget: c.overBudget }));
  const budgetSeconds = props.budgetMs / 1000;
  return (
    <div className={styles.chart} data-testid="cycle-duration-chart" role="img" aria-label={`Cycle durations in seconds against the ${Math.round(budgetSeconds / 60)}-minute budget`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" />
          <YAxis unit=" s" domain={[0, (max: number) => Math.max(max, budgetSeconds) * 1.05]} />
          <Tooltip />
          <ReferenceLine y={budgetSeconds} stroke={tokens.colorPaletteRedBorder2} strokeDasharray="6 3" label={{ value: 'Budget', position: 'insideTopRight' }} />
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
  const data = ordered.map((c) => ({ at: label(c.finishedAt), imported: c.cycle.imported, ...c.cycle.skipped }));
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
          {reasons.map((reason, index) => (
            <Bar key={reason} dataKey={reason} name={`Skipped: ${reason}`} stackId="skipped" fill={SKIP_COLOURS[index % SKIP_COLOURS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
