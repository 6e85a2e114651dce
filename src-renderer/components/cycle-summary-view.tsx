import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { CycleSummary } from '../../src-shared/domain.js';
import { formatDuration } from '../format.js';
import { reasonLabel } from '../reason-labels.js';
import { Figures } from './figures.js';

const useStyles = makeStyles({
  skipped: { maxWidth: '480px', marginTop: tokens.spacingVerticalM },
  sum: { marginTop: tokens.spacingVerticalS },
});

const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/**
 * A cycle's figures, which add up: every message read was imported, already stored (seen in
 * another mailbox), unchanged (this mailbox had it) or skipped for a reason; the sentence under
 * the figures says so with the numbers, so a reader can check it.
 */
export function CycleSummaryView(props: { summary: CycleSummary; testId: string }) {
  const styles = useStyles();
  const { summary } = props;
  const skipped = Object.entries(summary.skipped).sort(([, a], [, b]) => b - a);
  const skippedTotal = total(summary.skipped);
  return (
    <div data-testid={props.testId}>
      <Figures
        testId={`${props.testId}-figures`}
        valuePrefix={props.testId}
        label="Cycle figures"
        items={[
          { id: 'mailboxes', label: 'Mailboxes', value: String(summary.mailboxes) },
          { id: 'read', label: 'Read', value: String(summary.read) },
          { id: 'imported', label: 'Imported', value: String(summary.imported) },
          { id: 'already-stored', label: 'Already stored', value: String(summary.alreadyStored) },
          { id: 'unchanged', label: 'Unchanged', value: String(summary.unchanged) },
          { id: 'skipped', label: 'Skipped', value: String(skippedTotal) },
          { id: 'duration', label: 'Duration', value: formatDuration(summary.durationMs) },
        ]}
      />
      <Text as="p" size={200} className={styles.sum} data-testid={`${props.testId}-sum`}>
        {summary.read} read = {summary.imported} imported + {summary.alreadyStored} already stored (seen in another mailbox) + {summary.unchanged} unchanged
        (stored before from the same mailbox) + {skippedTotal} skipped.
      </Text>
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
                <TableCell>{reasonLabel(reason)}</TableCell>
                <TableCell>{count}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </div>
  );
}
