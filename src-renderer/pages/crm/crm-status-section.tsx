import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { CrmRefreshReport, CrmStatus } from '../../../src-shared/crm-connection.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorMessage } from '../../components/error-message.js';
import { formatDateTime } from '../../format.js';
import { toDisplayError } from '../../use-api-query.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
});

const SOURCE_LABEL: Record<CrmStatus['source'], string> = { salesforce: 'Salesforce', hubspot: 'HubSpot', dynamics: 'Dynamics 365 Sales', csv: 'CSV imports' };

function age(seconds: number | null): string {
  if (seconds === null) return 'never';
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

/** Where the CRM tables come from, how old the copy is, rows per object, the last error; "Refresh now" and "Test connection". */
export function CrmStatusSection(props: { status: CrmStatus; onChanged: () => void }) {
  const api = useApi();
  const styles = useStyles();
  const { status } = props;
  const [busy, setBusy] = useState<'refresh' | 'test' | null>(null);
  const [report, setReport] = useState<CrmRefreshReport | null>(null);
  const [tested, setTested] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const connected = status.source !== 'csv';

  const run = async (what: 'refresh' | 'test') => {
    setBusy(what);
    setError(null);
    setTested(false);
    setReport(null);
    try {
      if (what === 'refresh') setReport(await api['crm.refresh']({ full: false }));
      else {
        await api['crm.test']({});
        setTested(true);
      }
      props.onChanged();
    } catch (caught) {
      setError(toDisplayError(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className={styles.root} aria-labelledby="crm-status-heading" data-testid="crm-status">
      <Text as="h3" size={400} weight="semibold" id="crm-status-heading">
        Current copy
      </Text>
      <Text as="p" data-testid="crm-source">
        Source: {SOURCE_LABEL[status.source]}
        {connected && !status.hasSecret ? ' (its credential is not in this installation’s vault: connect again here)' : ''}
      </Text>
      <Text as="p" data-testid="crm-last-refresh">
        Last refresh: {status.lastRefreshAt ? `${formatDateTime(status.lastRefreshAt)} (${age(status.ageSeconds)}${status.lastRefreshKind ? `, ${status.lastRefreshKind}` : ''})` : 'never'}
      </Text>
      {status.error ? (
        <MessageBar intent="warning" data-testid="crm-error">
          <MessageBarBody>
            <MessageBarTitle>The last refresh failed ({status.error.code})</MessageBarTitle>
            {status.error.message} The copy from {status.lastRefreshAt ? formatDateTime(status.lastRefreshAt) : 'never'} keeps serving.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <DataTable aria-label="CRM rows per object" data-testid="crm-counts">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Object</TableHeaderCell>
            <TableHeaderCell>Rows</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {Object.entries(status.counts).map(([table, n]) => (
            <TableRow key={table} data-testid={`crm-count-${table}`}>
              <TableCell>{table}</TableCell>
              <TableCell>{n}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </DataTable>
      {status.rejected.count > 0 ? (
        <Text as="p" data-testid="crm-rejected">
          {status.rejected.count} records could not be used by the last refresh, e.g. {status.rejected.sample.slice(0, 3).map((r) => `${r.object} ${r.id ?? ''}: ${r.reason}`).join('; ')}.
        </Text>
      ) : null}
      {connected ? (
        <div className={styles.toolbar}>
          <Button appearance="primary" onClick={() => void run('refresh')} disabled={busy !== null} data-testid="crm-refresh-now">
            {busy === 'refresh' ? 'Refreshing…' : 'Refresh now'}
          </Button>
          <Button onClick={() => void run('test')} disabled={busy !== null} data-testid="crm-test">
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </Button>
        </div>
      ) : null}
      {tested ? <Text aria-live="polite" data-testid="crm-test-ok">The connection works.</Text> : null}
      {report ? (
        <Text aria-live="polite" data-testid="crm-refresh-report">
          {report.outcome === 'refreshed'
            ? `Refreshed (${report.kind}): ${report.changes.upserted} rows written, ${report.changes.deleted} removed, ${report.reassigned} emails reassigned.`
            : report.outcome === 'skipped'
              ? 'Another instance is refreshing right now; its result is used.'
              : report.outcome === 'failed'
                ? `The refresh failed (${report.error?.code ?? ''}): ${report.error?.message ?? ''}`
                : 'No CRM is connected.'}
        </Text>
      ) : null}
      {error ? <ErrorMessage error={error} title="The CRM could not be reached" /> : null}
    </section>
  );
}
