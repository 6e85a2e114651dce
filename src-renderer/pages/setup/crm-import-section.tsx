import { Button, Field, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useState, type ChangeEvent } from 'react';
import { CRM_TABLE_NAMES, describeRemovals, MAX_CRM_UPLOAD_BYTES, type CrmImportReport } from '../../../src-shared/crm-import.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorMessage } from '../../components/error-message.js';
import { toDisplayError } from '../../use-api-query.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  rejected: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, fontFamily: tokens.fontFamilyMonospace },
});

type Picked = { name: string; text: string };
const SHOWN_REJECTIONS = 20;

/**
 * The CRM from CSV files (the same files and rules as `correspondent crm import`): check them
 * first (a dry run that changes nothing), then import; rejected rows are listed with file and line.
 */
export function CrmImportSection() {
  const api = useApi();
  const styles = useStyles();
  const [files, setFiles] = useState<Picked[]>([]);
  const [running, setRunning] = useState<'check' | 'import' | null>(null);
  const [report, setReport] = useState<CrmImportReport | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [pickIssue, setPickIssue] = useState<string | null>(null);
  // A checked import that would remove rows, waiting for the admin's confirmation.
  const [confirming, setConfirming] = useState<CrmImportReport | null>(null);

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = Array.from(event.target.files ?? []);
    setReport(null);
    const total = chosen.reduce((sum, f) => sum + f.size, 0);
    if (total > MAX_CRM_UPLOAD_BYTES) {
      setPickIssue(`The files hold ${Math.round(total / 1e6)} MB; the console takes up to ${MAX_CRM_UPLOAD_BYTES / 1e6} MB. Use correspondent crm import DIR.`);
      setFiles([]);
      return;
    }
    const picked = await Promise.all(chosen.map(async (f) => ({ name: f.name, text: await f.text() })));
    // The limit applies to the request as sent (JSON escapes quotes and line ends), not to the files.
    const requestBytes = new Blob([JSON.stringify({ files: picked, dryRun: true })]).size;
    if (requestBytes > MAX_CRM_UPLOAD_BYTES) {
      setPickIssue(`The files make a ${Math.round(requestBytes / 1e6)} MB request; the console takes up to ${MAX_CRM_UPLOAD_BYTES / 1e6} MB. Use correspondent crm import DIR.`);
      setFiles([]);
      return;
    }
    setPickIssue(null);
    setFiles(picked);
  };

  const run = async (dryRun: boolean, allowRemovals = false) => {
    setRunning(dryRun ? 'check' : 'import');
    try {
      // A check (dry run) reports what a confirmed import would do, removals included.
      setReport(await api['crm.import']({ files, dryRun, allowRemovals: dryRun || allowRemovals }));
      setError(null);
    } catch (caught) {
      setReport(null);
      setError(toDisplayError(caught));
    } finally {
      setRunning(null);
    }
  };

  /** Import: checked first; what it would remove is shown and must be confirmed before anything changes. */
  const importFiles = async () => {
    setRunning('import');
    try {
      // A check with removals allowed shows exactly what confirming would remove.
      const checked = await api['crm.import']({ files, dryRun: true, allowRemovals: true });
      setError(null);
      if (checked.removals.length > 0) {
        setReport(checked);
        setConfirming(checked);
        return;
      }
    } catch (caught) {
      setReport(null);
      setError(toDisplayError(caught));
      return;
    } finally {
      setRunning(null);
    }
    await run(false);
  };

  return (
    <div className={styles.root}>
      <Text>
        accounts.csv, contacts.csv, leads.csv, opportunities.csv and users.csv (Salesforce and HubSpot export names work too), with an optional columns.json.
        Importing replaces the CRM tables; every running sync picks the change up.
      </Text>
      <Field label="CRM files" validationMessage={pickIssue} validationState={pickIssue ? 'error' : 'none'} hint={files.length > 0 ? files.map((f) => f.name).join(', ') : undefined}>
        <input type="file" accept=".csv,.json,text/csv,application/json" multiple aria-label="CRM files" onChange={(e) => void pick(e)} data-testid="crm-files" />
      </Field>
      <div className={styles.row}>
        <Button onClick={() => void run(true)} disabled={files.length === 0 || running !== null} data-testid="crm-check">
          Check files
        </Button>
        <Button appearance="primary" onClick={() => void importFiles()} disabled={files.length === 0 || running !== null} data-testid="crm-import">
          Import
        </Button>
        {running ? <Spinner size="tiny" label={running === 'check' ? 'Checking…' : 'Importing…'} /> : null}
      </div>
      <div aria-live="polite">{report ? <ReportView report={report} /> : null}</div>
      {error ? <ErrorMessage error={error} title="The CRM was not changed" /> : null}
      <ConfirmDialog
        open={confirming !== null}
        testId="crm-confirm"
        title="Remove CRM rows?"
        confirmLabel="Import and remove"
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          setConfirming(null);
          void run(false, true);
        }}
      >
        {confirming ? <RemovalsText report={confirming} /> : null}
        <Text>Mail already imported stays stored; new mail from the removed customers is no longer imported.</Text>
      </ConfirmDialog>
    </div>
  );
}

/** "Importing removes 5 accounts and 11 contacts; no file was chosen for contacts and leads: they would be emptied." */
function RemovalsText(props: { report: CrmImportReport }) {
  const { report } = props;
  const emptied = report.missingTables.filter((t) => report.changes[t].removed > 0);
  return (
    <Text data-testid="crm-removals">
      {report.dryRun ? 'Importing these files would remove' : 'The import removed'} {describeRemovals(report.removals)}.
      {emptied.length > 0 ? ` No file was chosen for ${emptied.join(', ')}: ${emptied.length === 1 ? 'that table is' : 'those tables are'} emptied.` : ''}
    </Text>
  );
}

function ReportView(props: { report: CrmImportReport }) {
  const styles = useStyles();
  const { report } = props;
  // Rows a check would remove are a warning, never a green "all valid".
  const intent = report.rejectedCount > 0 || (report.dryRun && report.removals.length > 0) ? 'warning' : 'success';
  return (
    <div className={styles.root} data-testid="crm-report" data-dry-run={String(report.dryRun)}>
      <MessageBar intent={intent} layout="multiline" data-testid="crm-outcome" data-intent={intent}>
        <MessageBarBody>
          <MessageBarTitle>{report.dryRun ? 'Checked: nothing was changed' : 'CRM imported'}</MessageBarTitle>
          {report.rejectedCount > 0 ? `${report.rejectedCount} row(s) rejected and left out. ` : 'Every row is valid. '}
          {report.removals.length > 0 ? <RemovalsText report={report} /> : null}
        </MessageBarBody>
      </MessageBar>
      <DataTable size="small" aria-label={report.dryRun ? 'What importing would change' : 'What the import changed'}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Table</TableHeaderCell>
            <TableHeaderCell>Rows</TableHeaderCell>
            <TableHeaderCell>Added</TableHeaderCell>
            <TableHeaderCell>Removed</TableHeaderCell>
            <TableHeaderCell>Changed</TableHeaderCell>
            <TableHeaderCell>Unchanged</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {CRM_TABLE_NAMES.map((table) => (
            <TableRow key={table} data-testid={`crm-report-${table}`}>
              <TableCell>{table}</TableCell>
              <TableCell>{report.rows[table]}</TableCell>
              <TableCell>{report.changes[table].added}</TableCell>
              <TableCell>{report.changes[table].removed}</TableCell>
              <TableCell>{report.changes[table].changed}</TableCell>
              <TableCell>{report.changes[table].unchanged}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </DataTable>
      {report.rejected.length > 0 ? (
        <ul className={styles.rejected} aria-label="Rejected rows" data-testid="crm-rejected">
          {report.rejected.slice(0, SHOWN_REJECTIONS).map((r, i) => (
            <li key={i}>
              {r.file}
              {r.line === null ? '' : `:${r.line}`}: {r.reason}
            </li>
          ))}
          {report.rejectedCount > SHOWN_REJECTIONS ? <li>… and {report.rejectedCount - SHOWN_REJECTIONS} more (run correspondent crm import --dry-run to list them all)</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
