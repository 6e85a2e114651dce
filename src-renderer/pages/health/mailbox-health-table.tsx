import {
  Badge,
  Button,
  createTableColumn,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
  type BadgeProps,
  type TableColumnDefinition,
} from '@fluentui/react-components';
import type { MailboxHealth } from '../../../src-shared/api.js';
import type { MailboxState } from '../../../src-shared/domain.js';
import { useApi } from '../../api-context.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Grid } from '../../components/grid.js';
import { Loading } from '../../components/loading.js';
import { formatDateTime, formatDuration } from '../../format.js';
import { useApiQuery } from '../../use-api-query.js';
import { reasonLabel } from '../../reason-labels.js';
import { useFocusReturn } from '../../use-focus-return.js';
import { cannotSync, errorAction, mailboxAction } from '../../../src-shared/error-actions.js';
import { Breakable } from '../../components/breakable.js';

const STATE: Record<MailboxState, { label: string; color: BadgeProps['color'] }> = {
  'never-synced': { label: 'Never synced', color: 'informative' },
  syncing: { label: 'Syncing', color: 'brand' },
  ok: { label: 'OK', color: 'success' },
  error: { label: 'Error', color: 'danger' },
  'no-mailbox': { label: 'No mailbox', color: 'warning' },
  unlicensed: { label: 'No Exchange licence', color: 'warning' },
  'outside-access-scope': { label: 'Outside access scope', color: 'informative' },
  // Its last sync stopped with the process running it; the next cycle resumes it.
  interrupted: { label: 'Interrupted', color: 'warning' },
};

const useStyles = makeStyles({
  address: { textAlign: 'start', overflowWrap: 'break-word', minWidth: 0 },
  surface: { width: 'min(1100px, 94vw)', maxWidth: 'none' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxHeight: '68vh', overflowY: 'auto' },
});


const skippedTotal = (skipped: Record<string, number>) => Object.values(skipped).reduce((sum, n) => sum + n, 0);
const skippedText = (skipped: Record<string, number>) =>
  Object.entries(skipped)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, n]) => `${reasonLabel(reason)} ${n}`)
    .join(', ') || '—';

function columns(open: (address: string) => void, addressClass: string): TableColumnDefinition<MailboxHealth>[] {
  return [
    createTableColumn<MailboxHealth>({
      columnId: 'address',
      renderHeaderCell: () => 'Mailbox',
      renderCell: (m) => (
        <Button appearance="transparent" className={addressClass} onClick={() => open(m.address)} data-testid="health-mailbox-open" data-focus-key={`health:${m.address}`} title="Show per-folder figures">
          <Breakable text={m.address} />
        </Button>
      ),
    }),
    createTableColumn<MailboxHealth>({
      columnId: 'state',
      renderHeaderCell: () => 'State',
      renderCell: (m) => (
        <span>
          <Badge appearance="tint" color={STATE[m.state].color}>
            {STATE[m.state].label}
          </Badge>
          {m.optedIn ? null : <Text size={200}> not imported</Text>}
        </span>
      ),
    }),
    createTableColumn<MailboxHealth>({ columnId: 'last', renderHeaderCell: () => 'Last success', renderCell: (m) => formatDateTime(m.lastSuccessAt) }),
    createTableColumn<MailboxHealth>({
      columnId: 'run',
      renderHeaderCell: () => 'Last run',
      renderCell: (m) => (
        <span data-testid="health-mailbox-run">
          {m.lastRun.read} read: {m.lastRun.imported} imported, {m.lastRun.alreadyStored} already stored, {m.lastRun.unchanged} unchanged, {skippedTotal(m.lastRun.skipped)} skipped
          {m.lastRun.durationMs === null ? '' : ` in ${formatDuration(m.lastRun.durationMs)}`}
        </span>
      ),
    }),
    createTableColumn<MailboxHealth>({
      columnId: 'throttling',
      renderHeaderCell: () => 'Throttled',
      renderCell: (m) => `${m.lastRun.throttled} times, ${m.lastRun.retries} retries`,
    }),
    createTableColumn<MailboxHealth>({
      columnId: 'error',
      renderHeaderCell: () => 'Problem',
      renderCell: (m) =>
        m.lastRun.errorCode || m.lastError ? (
          <span data-testid="health-mailbox-error">
            {cannotSync(m.state) ? mailboxAction(m.state, m.lastRun.errorCode) : `${m.lastError ? `${m.lastError} ` : ''}${errorAction(m.lastRun.errorCode) ?? ''}`}
            {m.lastRun.errorCode ? (
              <details>
                <summary>Details</summary>
                Code {m.lastRun.errorCode}
              </details>
            ) : null}
          </span>
        ) : (
          '—'
        ),
    }),
  ];
}

/** Per-mailbox state with the figures of its last run; a row opens the per-folder detail. */
export function MailboxHealthTable(props: { items: readonly MailboxHealth[]; onOpen: (address: string) => void }) {
  const styles = useStyles();
  return (
    <Grid
      items={props.items}
      columns={columns(props.onOpen, styles.address)}
      getRowId={(m) => m.address}
      aria-label="Mailbox health"
      testId="health-mailboxes"
      rowTestId="health-mailbox-row"
    />
  );
}

export function MailboxHealthDialog(props: { address: string | null; onClose: () => void }) {
  const styles = useStyles();
  useFocusReturn(props.address !== null);
  return (
    <Dialog open={props.address !== null} onOpenChange={(_e, d) => !d.open && props.onClose()}>
      <DialogSurface className={styles.surface} data-testid="health-mailbox-detail">
        <DialogBody>
          <DialogTitle>{props.address}</DialogTitle>
          <DialogContent className={styles.content}>{props.address ? <FolderFigures address={props.address} /> : null}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function FolderFigures(props: { address: string }) {
  const api = useApi();
  const detail = useApiQuery(() => api['health.mailbox']({ address: props.address }), props.address);
  if (detail.error) return <ErrorMessage error={detail.error} title="Could not read the mailbox's figures" />;
  if (!detail.data) return <Loading label="Reading folders" />;
  const { mailbox, folders } = detail.data;
  return (
    <>
      <Text>
        Next run {formatDateTime(mailbox.nextRunAt)}
        {mailbox.heldBy ? `; syncing now on ${mailbox.heldBy}` : ''}.
      </Text>
      {folders.length === 0 ? (
        <Text>No folder has been read yet.</Text>
      ) : (
        <DataTable aria-label="Folders" data-testid="health-folders" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Folder</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell>Last success</TableHeaderCell>
              <TableHeaderCell>Pages</TableHeaderCell>
              <TableHeaderCell>Read</TableHeaderCell>
              <TableHeaderCell>Imported</TableHeaderCell>
              <TableHeaderCell>Already stored</TableHeaderCell>
              <TableHeaderCell>Unchanged</TableHeaderCell>
              <TableHeaderCell>Skipped</TableHeaderCell>
              <TableHeaderCell>Restarts</TableHeaderCell>
              <TableHeaderCell>Last error</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {folders.map((f) => (
              <TableRow key={f.folderId} data-testid="health-folder-row">
                <TableCell>{f.displayName}</TableCell>
                <TableCell>{f.state === 'ok' ? 'OK' : f.state === 'gone' ? 'Deleted' : 'Error'}</TableCell>
                <TableCell>{formatDateTime(f.lastSuccessAt)}</TableCell>
                <TableCell>{f.pages}</TableCell>
                <TableCell>{f.read}</TableCell>
                <TableCell>{f.imported}</TableCell>
                <TableCell>{f.alreadyStored}</TableCell>
                <TableCell>{f.unchanged}</TableCell>
                <TableCell>{skippedText(f.skipped)}</TableCell>
                <TableCell>{f.restarts}</TableCell>
                <TableCell>{f.lastError ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      )}
    </>
  );
}
