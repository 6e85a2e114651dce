import {
  Button,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiOutput } from '../../../src-shared/api.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi, useDownload } from '../../api-context.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorMessage } from '../../components/error-message.js';
import { formatDateTime } from '../../format.js';
import { toDisplayError } from '../../use-api-query.js';
import { coreFilter, EMPTY_FILTER, type AuditFilter } from './audit-filter.js';

type Entry = ApiOutput<'audit.list'>['items'][number];
type Format = 'csv' | 'jsonl';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'end' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  payload: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, maxWidth: '420px' },
});

const PAGE = 100;

/** The audit log: who changed what, newest first, paged by sequence number; export for auditors. */
export function AuditPage() {
  const api = useApi();
  const download = useDownload();
  const styles = useStyles();
  const [draft, setDraft] = useState<AuditFilter>(EMPTY_FILTER);
  const [filter, setFilter] = useState<AuditFilter>(EMPTY_FILTER);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [format, setFormat] = useState<Format>('csv');
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const generation = useRef(0);

  const load = useCallback(
    async (applied: AuditFilter, beforeSeq: number | null) => {
      const mine = ++generation.current;
      setLoading(true);
      try {
        const page = await api['audit.list']({ ...coreFilter(applied), limit: PAGE, ...(beforeSeq !== null ? { beforeSeq } : {}) });
        if (mine !== generation.current) return;
        setEntries((previous) => (beforeSeq === null ? page.items : [...previous, ...page.items]));
        setNext(page.nextBeforeSeq);
        setError(null);
      } catch (caught) {
        if (mine === generation.current) setError(toDisplayError(caught));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [api],
  );

  useEffect(() => {
    void load(filter, null);
  }, [filter, load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ ...draft });
  };

  const exportNow = async () => {
    setExporting(true);
    setExported(null);
    try {
      const result = await api['audit.export']({ ...coreFilter(filter), format });
      const fetched = await download(result.location);
      setExported(fetched ? `Exported ${result.entries} entries as ${fetched.fileName}.` : `Exported ${result.entries} entries to ${result.location}.`);
      setError(null);
    } catch (caught) {
      setError(toDisplayError(caught));
    } finally {
      setExporting(false);
    }
  };

  const set = (key: keyof AuditFilter) => (_e: unknown, data: { value: string }) => setDraft((d) => ({ ...d, [key]: data.value }));

  return (
    <div className={styles.root}>
      <form className={styles.filters} onSubmit={apply} aria-label="Audit filter" noValidate>
        <Field label="From (day)">
          <Input type="date" value={draft.from} onChange={set('from')} data-testid="audit-from" />
        </Field>
        <Field label="To (day, included)">
          <Input type="date" value={draft.to} onChange={set('to')} data-testid="audit-to" />
        </Field>
        <Field label="Action">
          <Input value={draft.action} onChange={set('action')} placeholder="settings.updated" data-testid="audit-action" />
        </Field>
        <Field label="Actor">
          <Input value={draft.actor} onChange={set('actor')} placeholder="admin" data-testid="audit-actor" />
        </Field>
        <Field label="Mailbox">
          <Input value={draft.mailbox} onChange={set('mailbox')} placeholder="name@example.com" data-testid="audit-mailbox" />
        </Field>
        <Button type="submit" appearance="primary" data-testid="audit-apply">
          Apply
        </Button>
      </form>
      <Text size={200}>The filter applies to the list and to the export alike.</Text>
      <div className={styles.row}>
        <Field label="Export format" orientation="horizontal">
          <Dropdown value={format === 'csv' ? 'CSV' : 'JSON lines'} selectedOptions={[format]} onOptionSelect={(_e, d) => d.optionValue && setFormat(d.optionValue as Format)} data-testid="audit-format">
            <Option value="csv">CSV</Option>
            <Option value="jsonl">JSON lines</Option>
          </Dropdown>
        </Field>
        <Button onClick={() => void exportNow()} disabled={exporting} data-testid="audit-export">
          Export
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
      {error ? <ErrorMessage error={error} title="The audit log could not be read" /> : null}
      <Text aria-live="polite" data-testid="audit-count">
        {loading ? 'Reading…' : `${entries.length} entries${next !== null ? ' (more available)' : ''}`}
      </Text>
      {entries.length > 0 ? (
        <DataTable aria-label="Audit entries" data-testid="audit-table" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>#</TableHeaderCell>
              <TableHeaderCell>When</TableHeaderCell>
              <TableHeaderCell>Actor</TableHeaderCell>
              <TableHeaderCell>Source</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
              <TableHeaderCell>Details</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.map((entry) => (
              <TableRow key={entry.seq} data-testid="audit-row">
                <TableCell>{entry.seq}</TableCell>
                <TableCell>{formatDateTime(entry.at)}</TableCell>
                <TableCell>{entry.actor}</TableCell>
                <TableCell>{entry.source}</TableCell>
                <TableCell>{entry.action}</TableCell>
                <TableCell className={styles.payload}>{JSON.stringify(entry.payload)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      ) : null}
      {next !== null ? (
        <Button onClick={() => void load(filter, next)} disabled={loading} data-testid="audit-more">
          Load older entries
        </Button>
      ) : null}
    </div>
  );
}
