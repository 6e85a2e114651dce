import { Badge, Button, Checkbox, makeStyles, SearchBox, Switch, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens, type BadgeProps } from '@fluentui/react-components';
import { useState } from 'react';
import type { AppErrorShape } from '../../src-shared/errors.js';
import type { MailboxState } from '../../src-shared/domain.js';
import { useApi } from '../api-context.js';
import { DataTable } from '../components/data-table.js';
import { OptInConfirmation, optInRequest, type OptInRequest } from './mailboxes/opt-in-confirmation.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { formatDateTime } from '../format.js';
import { toDisplayError, useApiQuery } from '../use-api-query.js';
import { Breakable } from '../components/breakable.js';

const STATE_BADGE: Record<MailboxState, { label: string; color: BadgeProps['color'] }> = {
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
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  search: { minWidth: '320px' },
});

export function MailboxesPage() {
  const api = useApi();
  const styles = useStyles();
  const mailboxes = useApiQuery(() => api['mailboxes.list']({}), 'mailboxes');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [changeError, setChangeError] = useState<AppErrorShape | null>(null);
  // A change that needs the admin's word first (opt-out, or opting in a mailbox that cannot sync).
  const [asking, setAsking] = useState<OptInRequest | null>(null);
  const needle = query.trim().toLowerCase();
  const all = mailboxes.data?.items ?? [];
  // Client-side: the list is already here, and filtering as one types must not wait for the network.
  const shown = all.filter(
    (m) => needle === '' || m.address.includes(needle) || m.displayName.toLowerCase().includes(needle) || STATE_BADGE[m.state].label.toLowerCase().includes(needle),
  );

  const visibleSelected = shown.filter((m) => selected.has(m.address)).map((m) => m.address);
  const allShownSelected = shown.length > 0 && visibleSelected.length === shown.length;

  /** Opts mailboxes in or out, then reads the list again (the core's answer is the truth). */
  const setOptIn = async (addresses: string[], optedIn: boolean) => {
    setBusy(true);
    try {
      await api['mailboxes.setOptIn']({ addresses, optedIn });
      setChangeError(null);
      if (addresses.length > 1 || selected.has(addresses[0] ?? '')) setSelected(new Set());
      mailboxes.reload();
    } catch (error) {
      setChangeError(toDisplayError(error));
    } finally {
      setBusy(false);
    }
  };

  /** Applies at once when harmless; otherwise asks first (opt-in-confirmation.tsx). */
  const requestOptIn = (addresses: string[], optedIn: boolean) => {
    const request = optInRequest(all, addresses, optedIn);
    if (request === null) void setOptIn(addresses, optedIn);
    else setAsking(request);
  };

  const toggle = (address: string, on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(address);
      else next.delete(address);
      return next;
    });

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
        <Button disabled={busy || visibleSelected.length === 0} onClick={() => requestOptIn(visibleSelected, true)} data-testid="bulk-opt-in">
          Import selected ({visibleSelected.length})
        </Button>
        <Button disabled={busy || visibleSelected.length === 0} onClick={() => requestOptIn(visibleSelected, false)} data-testid="bulk-opt-out">
          Stop importing selected
        </Button>
        {mailboxes.data ? (
          <Text aria-live="polite" data-testid="mailbox-count">
            {shown.length === all.length ? `${all.length} mailboxes` : `${shown.length} of ${all.length} mailboxes`}
          </Text>
        ) : null}
      </div>
      <Text size={200}>
        Imported: emails first stored from this mailbox (the column adds up to the emails stored). Also seen: emails this mailbox received too, stored
        from another mailbox first.
      </Text>
      {changeError ? <ErrorMessage error={changeError} title="Could not change the opt-in" /> : null}
      <OptInConfirmation
        request={asking}
        onCancel={() => setAsking(null)}
        onConfirm={(request) => {
          setAsking(null);
          void setOptIn(request.addresses, request.optedIn);
        }}
      />
      {mailboxes.error ? <ErrorMessage error={mailboxes.error} title="Could not list the mailboxes" /> : null}
      {mailboxes.status === 'loading' && !mailboxes.data ? <Loading label="Reading mailboxes" /> : null}
      {mailboxes.data ? (
        mailboxes.data.items.length === 0 ? (
          <Text as="p">No mailboxes yet. They appear once the tenant is connected.</Text>
        ) : (
          <DataTable aria-label="Mailboxes" data-testid="mailboxes-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>
                  <Checkbox
                    aria-label="Select all shown mailboxes"
                    checked={allShownSelected ? true : visibleSelected.length > 0 ? 'mixed' : false}
                    onChange={(_e, d) => setSelected(d.checked === true ? new Set(shown.map((m) => m.address)) : new Set())}
                    data-testid="select-all"
                  />
                </TableHeaderCell>
                <TableHeaderCell>Mailbox</TableHeaderCell>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Import email conversations</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
                <TableHeaderCell>Last success</TableHeaderCell>
                <TableHeaderCell>Imported</TableHeaderCell>
                <TableHeaderCell>Also seen</TableHeaderCell>
                <TableHeaderCell>Last error</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((mailbox) => {
                const badge = STATE_BADGE[mailbox.state];
                return (
                  <TableRow key={mailbox.address} data-testid="mailbox-row" data-address={mailbox.address}>
                    <TableCell>
                      <Checkbox
                        aria-label={`Select ${mailbox.address}`}
                        checked={selected.has(mailbox.address)}
                        onChange={(_e, d) => toggle(mailbox.address, d.checked === true)}
                        data-testid="mailbox-select"
                      />
                    </TableCell>
                    <TableCell>
                      <Breakable text={mailbox.address} />
                    </TableCell>
                    <TableCell>{mailbox.displayName}</TableCell>
                    <TableCell>
                      <Switch
                        checked={mailbox.optedIn}
                        disabled={busy}
                        label={mailbox.optedIn ? 'On' : 'Off'}
                        aria-label={`Import email conversations of ${mailbox.address}`}
                        onChange={(_e, d) => requestOptIn([mailbox.address], d.checked)}
                        data-testid="mailbox-opt-in"
                      />
                    </TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={badge.color}>
                        {badge.label}
                      </Badge>
                    </TableCell>
                    <TableCell>{formatDateTime(mailbox.lastSuccessAt)}</TableCell>
                    <TableCell data-testid="mailbox-imported">{mailbox.imported}</TableCell>
                    <TableCell data-testid="mailbox-also-seen">{mailbox.alreadyStored}</TableCell>
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
