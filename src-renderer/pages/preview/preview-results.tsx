import {
  Badge,
  createTableColumn,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  ToggleButton,
  tokens,
  type TableColumnDefinition,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { PreviewLineView, PreviewResultView } from '../../../src-shared/preview.js';
import { DataTable } from '../../components/data-table.js';
import { Figures } from '../../components/figures.js';
import { Grid } from '../../components/grid.js';
import { formatDateTime, formatList } from '../../format.js';
import { errorAction } from '../../../src-shared/error-actions.js';
import { reasonLabel } from '../../reason-labels.js';
import { Breakable } from '../../components/breakable.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  reasons: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  missing: { maxWidth: '520px' },
});

type Row = PreviewLineView & { index: number };

const columns: TableColumnDefinition<Row>[] = [
  createTableColumn<Row>({ columnId: 'index', compare: (a, b) => a.index - b.index, renderHeaderCell: () => '#', renderCell: (row) => row.index + 1 }),
  createTableColumn<Row>({
    columnId: 'verdict',
    compare: (a, b) => a.verdict.localeCompare(b.verdict),
    renderHeaderCell: () => 'Verdict',
    renderCell: (row) => (
      <Badge appearance="tint" color={row.verdict === 'import' ? 'success' : 'subtle'} data-testid="preview-verdict">
        {row.verdict === 'import' ? 'Import' : 'Skip'}
      </Badge>
    ),
  }),
  createTableColumn<Row>({
    columnId: 'stage',
    compare: (a, b) => a.stage.localeCompare(b.stage),
    renderHeaderCell: () => 'Decided on',
    // Header-first capture: an envelope decision means the body was never downloaded.
    renderCell: (row) => (
      <Text size={200} data-testid="preview-stage" title={row.stage === 'envelope' ? 'Decided on the envelope (addresses, folder, dates): the body was never downloaded' : 'Decided on the content (headers and body)'}>
        {row.stage === 'envelope' ? 'Envelope' : 'Content'}
      </Text>
    ),
  }),
  createTableColumn<Row>({
    columnId: 'message',
    renderHeaderCell: () => 'Message',
    renderCell: (row) =>
      row.captured ? (
        <div>
          <Text weight="semibold" block>
            {row.captured.subject || '(no subject)'}
          </Text>
          <Text size={200} block>
            From {row.captured.from} to {formatList([...row.captured.to, ...row.captured.cc])}
          </Text>
        </div>
      ) : (
        <Text size={200} italic>
          {row.id} (content not shown for skipped mail)
        </Text>
      ),
  }),
  createTableColumn<Row>({
    columnId: 'where',
    compare: (a, b) => (a.mailbox ?? '').localeCompare(b.mailbox ?? ''),
    renderHeaderCell: () => 'Mailbox / folder',
    renderCell: (row) => (row.mailbox ? <Breakable text={`${row.mailbox} / ${row.folder ?? ''}`} /> : '—'),
  }),
  createTableColumn<Row>({
    columnId: 'received',
    compare: (a, b) => (a.receivedAt ?? '').localeCompare(b.receivedAt ?? ''),
    renderHeaderCell: () => 'Received',
    renderCell: (row) => formatDateTime(row.receivedAt),
  }),
  createTableColumn<Row>({
    columnId: 'reasons',
    renderHeaderCell: () => 'Reasons',
    renderCell: (row) => (
      <ul style={{ margin: 0, paddingInlineStart: '16px' }}>
        {row.reasons.map((reason, i) => (
          <li key={`${reason.code}-${i}`}>
            <Text weight="semibold" title={reason.code}>
              {reasonLabel(reason.code)}
            </Text>
            : {reason.detail}
          </li>
        ))}
      </ul>
    ),
  }),
];

const SIZING = {
  index: { idealWidth: 44, minWidth: 36 },
  verdict: { idealWidth: 76, minWidth: 64 },
  stage: { idealWidth: 84, minWidth: 70 },
  message: { idealWidth: 300, minWidth: 160 },
  where: { idealWidth: 220, minWidth: 120 },
  received: { idealWidth: 150, minWidth: 100 },
  reasons: { idealWidth: 380, minWidth: 200 },
};

type Filter = { kind: 'all' } | { kind: 'verdict'; verdict: 'import' | 'skip' } | { kind: 'reason'; code: string };

function matches(line: PreviewLineView, filter: Filter): boolean {
  if (filter.kind === 'all') return true;
  if (filter.kind === 'verdict') return line.verdict === filter.verdict;
  return line.reasons.some((reason) => reason.code === filter.code);
}

/** Every decided message with its verdict and reasons; filter by verdict or reason, with counts. */
export function PreviewResults(props: { result: PreviewResultView }) {
  const styles = useStyles();
  const { result } = props;
  const [filter, setFilter] = useState<Filter>({ kind: 'all' });
  const rows: Row[] = result.lines.map((line, index) => ({ ...line, index }));
  const shown = rows.filter((row) => matches(row, filter));
  const reasons = Object.entries(result.summary.byReason).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const isOn = (candidate: Filter) => JSON.stringify(candidate) === JSON.stringify(filter);
  const toggle = (candidate: Filter, label: string, count: number, testId: string) => (
    <ToggleButton key={testId} size="small" checked={isOn(candidate)} onClick={() => setFilter(isOn(candidate) ? { kind: 'all' } : candidate)} data-testid={testId}>
      {label} ({count})
    </ToggleButton>
  );

  return (
    <section className={styles.root} aria-label="Preview result" data-testid="preview-result">
      <Figures
        testId="preview-summary"
        label="Preview summary"
        items={[
          { id: 'total', label: 'Messages', value: String(result.summary.total) },
          { id: 'imported', label: 'Would be imported', value: String(result.summary.imported) },
          { id: 'skipped', label: 'Would be skipped', value: String(result.summary.skipped) },
        ]}
      />
      {result.failures.length > 0 ? (
        <MessageBar intent="warning" layout="multiline" data-testid="preview-failures">
          <MessageBarBody>
            <MessageBarTitle>
              {result.failures.length === 1 ? 'One mailbox could not be read' : `${result.failures.length} mailboxes could not be read`}; the results below are those of the others.
            </MessageBarTitle>
            <ul>
              {result.failures.map((failure) => (
                <li key={failure.mailbox} data-testid="preview-failure" data-mailbox={failure.mailbox} data-code={failure.code}>
                  {failure.message} {errorAction(failure.code)}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {result.truncated ? (
        <MessageBar intent="warning" data-testid="preview-truncated">
          <MessageBarBody>The range holds more messages than one preview decides; these are the first {result.summary.total}. Narrow the dates or the mailboxes to see the rest.</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.filters} role="group" aria-label="Filter by verdict or reason">
        {toggle({ kind: 'all' }, 'All', result.summary.total, 'preview-filter-all')}
        {toggle({ kind: 'verdict', verdict: 'import' }, 'Import', result.summary.imported, 'preview-filter-import')}
        {toggle({ kind: 'verdict', verdict: 'skip' }, 'Skip', result.summary.skipped, 'preview-filter-skip')}
        {reasons.map(([code, count]) => toggle({ kind: 'reason', code }, reasonLabel(code), count, `preview-filter-${code}`))}
      </div>
      <Text aria-live="polite" data-testid="preview-shown">
        Showing {shown.length} of {rows.length}
      </Text>
      {shown.length > 0 ? <Grid items={shown} columns={columns} getRowId={(row) => row.index} aria-label="Decided messages" testId="preview-table" rowTestId="preview-row" sortable columnSizing={SIZING} /> : null}
      {result.summary.missingFromCrm.length > 0 ? (
        <section aria-label="Missing from CRM">
          <Text as="h3" weight="semibold" size={400} block>
            Missing from CRM
          </Text>
          <Text as="p" size={200} block>
            External domains of skipped mail that no CRM account, contact or lead matched: add them to the CRM to import their mail.
          </Text>
          <DataTable aria-label="Missing from CRM" data-testid="preview-missing" size="small" className={styles.missing}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Domain</TableHeaderCell>
                <TableHeaderCell>Skipped messages</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {result.summary.missingFromCrm.map((entry) => (
                <TableRow key={entry.domain}>
                  <TableCell>
                    <Breakable text={entry.domain} />
                  </TableCell>
                  <TableCell>{entry.count}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </DataTable>
        </section>
      ) : null}
    </section>
  );
}
