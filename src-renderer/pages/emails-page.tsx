import { Button, makeStyles, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useApi } from '../api-context.js';
import { DataTable } from '../components/data-table.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { formatDateTime, formatList } from '../format.js';
import { useApiQuery } from '../use-api-query.js';

const PAGE_SIZE = 50;

const useStyles = makeStyles({
  pager: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, marginBlock: tokens.spacingVerticalM },
  subject: { maxWidth: '360px', overflowWrap: 'anywhere' },
});

export function EmailsPage() {
  const api = useApi();
  const styles = useStyles();
  const [offset, setOffset] = useState(0);
  const emails = useApiQuery(() => api['emails.list']({ limit: PAGE_SIZE, offset }), `emails:${offset}`);
  const total = emails.data?.total ?? 0;
  const busy = emails.status === 'loading';

  return (
    <div>
      <nav className={styles.pager} aria-label="Email pages">
        <Button onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))} disabled={busy || offset === 0}>
          Previous
        </Button>
        <Text data-testid="emails-range" aria-live="polite">
          {total === 0 ? 'No emails' : `${offset + 1}–${Math.min(offset + PAGE_SIZE, total)} of ${total}`}
        </Text>
        <Button onClick={() => setOffset(offset + PAGE_SIZE)} disabled={busy || offset + PAGE_SIZE >= total}>
          Next
        </Button>
      </nav>
      {emails.error ? <ErrorMessage error={emails.error} title="Could not list the emails" /> : null}
      {busy && !emails.data ? <Loading label="Reading emails" /> : null}
      {emails.data && emails.data.items.length > 0 ? (
        <DataTable aria-label="Imported emails" data-testid="emails-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Subject</TableHeaderCell>
              <TableHeaderCell>From</TableHeaderCell>
              <TableHeaderCell>Sent</TableHeaderCell>
              <TableHeaderCell>Accounts</TableHeaderCell>
              <TableHeaderCell>Assigned to</TableHeaderCell>
              <TableHeaderCell>Mailboxes</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {emails.data.items.map((email) => (
              <TableRow key={email.id} data-testid="email-row">
                <TableCell className={styles.subject}>{email.subject || '(no subject)'}</TableCell>
                <TableCell>{email.from}</TableCell>
                <TableCell>{formatDateTime(email.sentAt)}</TableCell>
                <TableCell>{formatList(email.accountIds)}</TableCell>
                <TableCell>{email.assignedTo ?? '—'}</TableCell>
                <TableCell>{formatList(email.mailboxes)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      ) : null}
    </div>
  );
}
