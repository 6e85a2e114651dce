import { Badge, Button, makeStyles, SearchBox, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens, type BadgeProps } from '@fluentui/react-components';
import { useState } from 'react';
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

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  search: { minWidth: '320px' },
});

export function MailboxesPage() {
  const api = useApi();
  const styles = useStyles();
  const mailboxes = useApiQuery(() => api['mailboxes.list']({}), 'mailboxes');
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const all = mailboxes.data?.items ?? [];
  // Client-side: the list is already here, and filtering as one types must not wait for the network.
  const shown = all.filter(
    (m) => needle === '' || m.address.includes(needle) || m.displayName.toLowerCase().includes(needle) || STATE_BADGE[m.state].label.toLowerCase().includes(needle),
  );

  return (
    <div className={styles.root}>
      <div className={styles.toolbar}>
        <SearchBox
          className={styles.search}
          placeholder="Filter by address, name or state"
          aria-label="Filter mailboxes"
          value={query}
          onChange={(_event, data) => setQuery(data.value)}
          data-testid="mailbox-filter"
        />
        <Button onClick={mailboxes.reload} disabled={mailboxes.status === 'loading'}>
          Refresh
        </Button>
        {mailboxes.data ? (
          <Text aria-live="polite" data-testid="mailbox-count">
            {shown.length === all.length ? `${all.length} mailboxes` : `${shown.length} of ${all.length} mailboxes`}
          </Text>
        ) : null}
      </div>
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
              {shown.map((mailbox) => {
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
