import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { CycleSummary } from '../../src-shared/domain.js';
import { formatDuration } from '../format.js';

const useStyles = makeStyles({
  figures: { display: 'flex', gap: tokens.spacingHorizontalXXL, flexWrap: 'wrap', margin: 0 },
  figure: { display: 'flex', flexDirection: 'column', margin: 0 },
  value: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  skipped: { maxWidth: '480px', marginTop: tokens.spacingVerticalM },
});

export function CycleSummaryView(props: { summary: CycleSummary; testId: string }) {
  const styles = useStyles();
  const { summary } = props;
  const skipped = Object.entries(summary.skipped).sort(([, a], [, b]) => b - a);
  const figures: [string, string, string][] = [
    ['Mailboxes', String(summary.mailboxes), 'mailboxes'],
    ['Read', String(summary.read), 'read'],
    ['Imported', String(summary.imported), 'imported'],
    ['Skipped', String(skipped.reduce((sum, [, n]) => sum + n, 0)), 'skipped'],
    ['Duration', formatDuration(summary.durationMs), 'duration'],
  ];
  return (
    <div data-testid={props.testId}>
      <dl className={styles.figures}>
        {figures.map(([label, value, id]) => (
          <div key={id} className={styles.figure}>
            <dt>
              <Text size={200}>{label}</Text>
            </dt>
            <dd className={styles.value} data-testid={`${props.testId}-${id}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {skipped.length > 0 ? (
        <Table size="small" aria-label="Skipped messages by reason" className={styles.skipped}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Reason</TableHeaderCell>
              <TableHeaderCell>Messages</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {skipped.map(([reason, count]) => (
              <TableRow key={reason}>
                <TableCell>{reason}</TableCell>
                <TableCell>{count}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </div>
  );
}
