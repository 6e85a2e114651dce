import { Button, Dropdown, Field, makeStyles, MessageBar, MessageBarBody, Option, Spinner, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { auditActionLabel } from '../../../src-shared/audit-actions.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi, useDownload } from '../../api-context.js';
import { sourceLabel } from '../../caller-labels.js';
import { Breakable } from '../../components/breakable.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorMessage } from '../../components/error-message.js';
import { formatDateTime } from '../../format.js';
import { toDisplayError, useApiQuery } from '../../use-api-query.js';
import { auditDetails } from './audit-details.js';
import { coreFilter, filterOfParams, paramsOfFilter, type AuditFilter } from './audit-filter.js';
import { AuditFilterForm } from './audit-filter-form.js';

type Format = 'csv' | 'jsonl';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  // One compact run of "Label: value" pairs per entry: a page of entries stays a page, not a scroll.
  details: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM, minWidth: '240px' },
  detail: { display: 'inline' },
  term: { color: tokens.colorNeutralForeground3 },
  raw: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  nowrap: { whiteSpace: 'nowrap' },
});

const PAGE = 25;

/** The audit log: who did what, from where; newest first in pages of 25 with the total; export of exactly the filtered set. */
export function AuditPage() {
  const api = useApi();
  const download = useDownload();
  const styles = useStyles();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterOfParams(params), [params]);
  const filterKey = paramsOfFilter(filter).toString();
  // Keyset pages: the beforeSeq of each page visited (the first has none).
  const [pages, setPages] = useState<{ key: string; cursors: (number | null)[] }>({ key: filterKey, cursors: [null] });
  const cursors = pages.key === filterKey ? pages.cursors : [null];
  const cursor = cursors[cursors.length - 1] ?? null;
  const list = useApiQuery(
    () => api['audit.list']({ ...coreFilter(filter), limit: PAGE, ...(cursor !== null ? { beforeSeq: cursor } : {}) }),
    `${filterKey}|${cursor ?? ''}`,
  );
  const [format, setFormat] = useState<Format>('csv');
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const [exportError, setExportError] = useState<AppErrorShape | null>(null);

  const apply = (next: AuditFilter) => {
    setExported(null);
    setParams(paramsOfFilter(next));
  };

  const exportNow = async () => {
    setExporting(true);
    setExported(null);
    try {
      const result = await api['audit.export']({ ...coreFilter(filter), format });
      const fetched = await download(result.location);
      setExported(fetched ? `Exported ${result.entries.toLocaleString()} entries as ${fetched.fileName}.` : `Exported ${result.entries.toLocaleString()} entries to ${result.location}.`);
      setExportError(null);
    } catch (caught) {
      setExportError(toDisplayError(caught));
    } finally {
      setExporting(false);
    }
  };

  const data = list.data;
  const first = (cursors.length - 1) * PAGE;
  // While another page loads, the last one is not shown under the new page's range.
  const entries = list.status === 'loading' ? [] : (data?.items ?? []);
  return (
    <div className={styles.root}>
      <AuditFilterForm applied={filter} onApply={apply} />
      <Text size={200}>The filter applies to the list and to the export alike; its address can be bookmarked or shared.</Text>
      <div className={styles.row}>
        <Field label="Export format" orientation="horizontal">
          <Dropdown value={format === 'csv' ? 'CSV' : 'JSON lines'} selectedOptions={[format]} onOptionSelect={(_e, d) => d.optionValue && setFormat(d.optionValue as Format)} data-testid="audit-format">
            <Option value="csv">CSV</Option>
            <Option value="jsonl">JSON lines</Option>
          </Dropdown>
        </Field>
        <Button onClick={() => void exportNow()} disabled={exporting} data-testid="audit-export">
          Export {data ? `${data.total.toLocaleString()} entries` : ''}
        </Button>
        {exporting ? <Spinner size="tiny" label="Exporting…" /> : null}
      </div>
      <div aria-live="polite">
        {exported ? (
          <MessageBar intent="success" data-testid="audit-exported">
            <MessageBarBody>{exported}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      {exportError ? <ErrorMessage error={exportError} title="The export did not run" /> : null}
      {list.error ? <ErrorMessage error={list.error} title="The audit log could not be read" /> : null}
      <nav className={styles.row} aria-label="Audit pages">
        <Button onClick={() => setPages({ key: filterKey, cursors: cursors.slice(0, -1) })} disabled={cursors.length <= 1 || list.status === 'loading'} data-testid="audit-newer">
          Newer
        </Button>
        <Text aria-live="polite" data-testid="audit-count" data-total={data?.total ?? ''}>
          {list.status === 'loading'
            ? 'Reading…'
            : data && data.total > 0
              ? `Entries ${(first + 1).toLocaleString()}–${(first + entries.length).toLocaleString()} of ${data.total.toLocaleString()}`
              : '0 entries match the filter'}
        </Text>
        <Button
          onClick={() => data?.nextBeforeSeq != null && setPages({ key: filterKey, cursors: [...cursors, data.nextBeforeSeq] })}
          disabled={data?.nextBeforeSeq == null || list.status === 'loading'}
          data-testid="audit-older"
        >
          Older
        </Button>
      </nav>
      {entries.length > 0 ? (
        <DataTable aria-label="Audit entries" data-testid="audit-table" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>#</TableHeaderCell>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Who</TableHeaderCell>
              <TableHeaderCell>From</TableHeaderCell>
              <TableHeaderCell>What</TableHeaderCell>
              <TableHeaderCell>Details</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.map((entry) => (
              <TableRow key={entry.seq} data-testid="audit-row" data-action={entry.action} data-source={entry.source} data-actor={entry.actor}>
                <TableCell>{entry.seq}</TableCell>
                <TableCell className={styles.nowrap}>{formatDateTime(entry.at)}</TableCell>
                <TableCell>
                  <Breakable text={entry.actor} />
                </TableCell>
                <TableCell className={styles.nowrap}>{sourceLabel(entry.source)}</TableCell>
                <TableCell>{auditActionLabel(entry.action)}</TableCell>
                <TableCell>
                  <ul className={styles.details} aria-label="Details">
                    {auditDetails(entry.action, entry.payload).map((f, i) => (
                      <li key={`${f.label}:${i}`} className={styles.detail}>
                        <span className={styles.term}>{f.label}:</span> <Breakable text={f.value} />
                      </li>
                    ))}
                  </ul>
                  <details>
                    <summary>Raw entry</summary>
                    <div className={styles.raw}>{JSON.stringify({ action: entry.action, payload: entry.payload })}</div>
                  </details>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      ) : null}
    </div>
  );
}
