/**
 * The exclusion lists (addresses, domains, subject terms; org-wide or per mailbox): listed and
 * filtered, added and removed one at a time, imported from and exported to CSV. Every change is
 * audited by the core; a CSV with a bad row changes nothing and its rows are listed by line.
 */
import { Button, Dropdown, Field, Input, makeStyles, Option, Radio, RadioGroup, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ExclusionsCsvReport } from '../../../src-shared/capture-api.js';
import { EXCLUSION_KINDS, type ExclusionKind } from '../../../src-shared/capture-policy.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorMessage } from '../../components/error-message.js';
import { toDisplayError, useApiQuery } from '../../use-api-query.js';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
});

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

export function CaptureExclusionsEditor() {
  const api = useApi();
  const styles = useStyles();
  const list = useApiQuery(() => api['exclusions.list']({}), 'exclusions');
  const [filter, setFilter] = useState('');
  const [kind, setKind] = useState<ExclusionKind>('address');
  const [value, setValue] = useState('');
  const [mailbox, setMailbox] = useState('');
  const [mode, setMode] = useState<'add' | 'replace'>('add');
  const [csv, setCsv] = useState<{ name: string; text: string } | null>(null);
  const [report, setReport] = useState<ExclusionsCsvReport | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      list.reload();
    } catch (caught) {
      setError(toDisplayError(caught));
    }
  };
  const add = () =>
    act(async () => {
      await api['exclusions.change']({ add: [{ kind, value, mailbox: mailbox.trim() === '' ? null : mailbox }] });
      setValue('');
    });
  const importCsv = (dryRun: boolean) =>
    act(async () => {
      if (csv) setReport(await api['exclusions.importCsv']({ text: csv.text, mode, dryRun }));
    });
  const exportCsv = () => act(async () => download('exclusions.csv', (await api['exclusions.exportCsv']({})).csv));

  const items = (list.data?.items ?? []).filter((e) => `${e.kind} ${e.value} ${e.mailbox ?? ''}`.includes(filter.trim().toLowerCase()));
  return (
    <fieldset className={styles.box} data-testid="capture-exclusions">
      <legend>Exclusions ({list.data?.items.length ?? 0})</legend>
      <div className={styles.row}>
        <Field label="Kind">
          <Dropdown value={kind} selectedOptions={[kind]} onOptionSelect={(_e, d) => d.optionValue && setKind(d.optionValue as ExclusionKind)} data-testid="exclusion-kind">
            {EXCLUSION_KINDS.map((k) => (
              <Option key={k} value={k}>
                {k}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Address, domain or subject term">
          <Input value={value} onChange={(_e, d) => setValue(d.value)} data-testid="exclusion-value" />
        </Field>
        <Field label="Only for mailbox (empty: everyone)">
          <Input value={mailbox} onChange={(_e, d) => setMailbox(d.value)} data-testid="exclusion-mailbox" />
        </Field>
        <Button appearance="primary" onClick={() => void add()} data-testid="exclusion-add">
          Add
        </Button>
      </div>
      <div className={styles.row}>
        <Field label="CSV file (kind,value,mailbox)">
          <input
            type="file"
            aria-label="Exclusions CSV file"
            accept=".csv,text/csv"
            data-testid="exclusion-csv"
            onChange={(e) => {
              const file = e.target.files?.[0];
              setReport(null);
              if (file) void file.text().then((text) => setCsv({ name: file.name, text }));
            }}
          />
        </Field>
        <RadioGroup layout="horizontal" aria-label="Import mode" value={mode} onChange={(_e, d) => setMode(d.value as 'add' | 'replace')}>
          <Radio value="add" label="Add to the lists" />
          <Radio value="replace" label="Replace the lists" />
        </RadioGroup>
        <Button onClick={() => void importCsv(true)} disabled={!csv} data-testid="exclusion-csv-check">
          Check
        </Button>
        <Button onClick={() => void importCsv(false)} disabled={!csv} data-testid="exclusion-csv-import">
          Import
        </Button>
        <Button onClick={() => void exportCsv()} data-testid="exclusion-csv-export">
          Export CSV
        </Button>
      </div>
      {report ? (
        <Text data-testid="exclusion-csv-report">
          {report.dryRun ? 'Check' : 'Import'}: {report.rows} rows, {report.added} to add, {report.removed} to remove, {report.unchanged} unchanged
          {report.rejected.length > 0 ? `; rejected: ${report.rejected.map((r) => `line ${r.line}: ${r.reason}`).join('; ')}` : ''}
        </Text>
      ) : null}
      {error ? <ErrorMessage error={error} title="Exclusions not changed" /> : null}
      {list.error ? <ErrorMessage error={list.error} title="Could not read the exclusions" /> : null}
      <Field label="Filter">
        <Input value={filter} onChange={(_e, d) => setFilter(d.value)} data-testid="exclusion-filter" />
      </Field>
      <DataTable aria-label="Exclusions" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Kind</TableHeaderCell>
            <TableHeaderCell>Value</TableHeaderCell>
            <TableHeaderCell>Scope</TableHeaderCell>
            <TableHeaderCell>Added</TableHeaderCell>
            <TableHeaderCell>Remove</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((e) => (
            <TableRow key={e.id} data-testid="exclusion-row">
              <TableCell>{e.kind}</TableCell>
              <TableCell>{e.value}</TableCell>
              <TableCell>{e.mailbox ?? 'organisation'}</TableCell>
              <TableCell>
                {e.addedAt.slice(0, 10)} by {e.addedBy}
              </TableCell>
              <TableCell>
                <Button size="small" onClick={() => void act(() => api['exclusions.change']({ remove: [e.id] }))} aria-label={`Remove ${e.kind} ${e.value}`}>
                  Remove
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </DataTable>
    </fieldset>
  );
}
