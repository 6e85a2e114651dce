import { Badge, Button, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, type BadgeProps } from '@fluentui/react-components';
import type { MailboxState } from '../../src-shared/domain.js';
import { useApi } from '../api-context.js';
import { DataTable } from '../components/data-table.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { formatDateTime } from '../format.js';
import { useApiQuery } from '../use-api-query.js';

const STATE_BADGE: Record<MailboxState, { label: string; color: BadgeProps['color'] }> = {
  'never-synced': { label: 'Never synced', color: 'informative' },
  syncing: { label: 'Syncing', color: 'brand' },
  ok: { label: 'OK', color: 'success' },
  error: { label: 'Error', color: 'danger' },
  'no-mailbox': { label: 'No mailbox', color: 'warning' },
};

export function MailboxesPage() {
  const api = useApi();
  const mailboxes = useApiQuery(() => api['mailboxes.list']({}), 'mailboxes');

  return (
    <div>
      <Button onClick={mailboxes.reload} disabled={mailboxes.status === 'loading'}>
        Refresh
      </Button>
      {mailboxes.error ? <ErrorMessage error={mailboxes.error} title="Could not list the mailboxes" /> : null}
      {mailboxes.status === 'loading' && !mailboxes.data ? <Loading label="Reading mailboxes" /> : null}
      {mailboxes.data ? (
        mailboxes.data.items.length === 0 ? (
          <Text as="p">No mailboxes yet. They appear once the tenant is connected.</Text>
        ) : (
          <DataTable aria-label="Mailboxes" data-testid="mailboxes-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Mailbox</TableHeaderCell>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Opted in</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
                <TableHeaderCell>Last success</TableHeaderCell>
                <TableHeaderCell>Imported</TableHeaderCell>
                <TableHeaderCell>Last error</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {mailboxes.data.items.map((mailbox) => {
                const badge = STATE_BADGE[mailbox.state];
                return (
                  <TableRow key={mailbox.address} data-testid="mailbox-row">
                    <TableCell>{mailbox.address}</TableCell>
                    <TableCell>{mailbox.displayName}</TableCell>
                    <TableCell>{mailbox.optedIn ? 'Yes' : 'No'}</TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={badge.color}>
                        {badge.label}
                      </Badge>
                    </TableCell>
                    <TableCell>{formatDateTime(mailbox.lastSuccessAt)}</TableCell>
                    <TableCell>{mailbox.imported}</TableCell>
                    <TableCell>{mailbox.lastError ?? '—'}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </DataTable>
        )
      ) : null}
    </div>
  );
}
