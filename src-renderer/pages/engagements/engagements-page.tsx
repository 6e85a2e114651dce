import { Button, createTableColumn, makeStyles, Text, tokens, type TableColumnDefinition } from '@fluentui/react-components';
import { useState } from 'react';
import type { EmailListItem } from '../../../src-shared/domain.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Grid } from '../../components/grid.js';
import { Loading } from '../../components/loading.js';
import { formatDateTime, formatList } from '../../format.js';
import { useApiQuery } from '../../use-api-query.js';
import { useFocusReturn } from '../../use-focus-return.js';
import { EmailDetailDialog } from './email-detail-dialog.js';
import { EngagementSearchForm, type EngagementCriteria } from './engagement-search-form.js';
import { Breakable } from '../../components/breakable.js';

const PAGE_SIZE = 50;

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  pager: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  subject: { textAlign: 'start', minWidth: 0, overflowWrap: 'break-word', paddingInline: 0, justifyContent: 'flex-start' },
});

type Names = { accounts: Record<string, string>; opportunities: Record<string, string> };

function columns(open: (id: number) => void, subjectClass: string, names: Names): TableColumnDefinition<EmailListItem>[] {
  return [
    createTableColumn<EmailListItem>({
      columnId: 'subject',
      renderHeaderCell: () => 'Email',
      // Subject, sender and date in one column: five columns keep their width at 900 px.
      renderCell: (email) => (
        <div>
          <Button appearance="transparent" className={subjectClass} onClick={() => open(email.id)} data-testid="email-open" data-focus-key={`email:${email.id}`} title="Show what was captured">
            {email.subject || '(no subject)'}
          </Button>
          <Text size={200} block>
            From <Breakable text={email.from} />, {formatDateTime(email.sentAt)}
          </Text>
        </div>
      ),
    }),
    createTableColumn<EmailListItem>({
      columnId: 'accounts',
      renderHeaderCell: () => 'Accounts',
      renderCell: (email) => <span data-testid="email-accounts">{formatList(email.accountIds.map((id) => names.accounts[id] ?? id))}</span>,
    }),
    createTableColumn<EmailListItem>({
      columnId: 'opportunity',
      renderHeaderCell: () => 'Opportunity',
      renderCell: (email) => <span data-testid="email-opportunity">{email.opportunityId === null ? '—' : (names.opportunities[email.opportunityId] ?? email.opportunityId)}</span>,
    }),
    createTableColumn<EmailListItem>({ columnId: 'owner', renderHeaderCell: () => 'Owner', renderCell: (email) => (email.assignedTo ? <Breakable text={email.assignedTo} /> : '—') }),
    createTableColumn<EmailListItem>({ columnId: 'mailboxes', renderHeaderCell: () => 'Mailboxes', renderCell: (email) => <Breakable text={formatList(email.mailboxes)} /> }),
  ];
}

/** Engagements: find imported emails, open one to see what was captured, reassign it. */
export function EngagementsPage() {
  const api = useApi();
  const styles = useStyles();
  const [criteria, setCriteria] = useState<EngagementCriteria>({});
  const [offset, setOffset] = useState(0);
  const [openId, setOpenId] = useState<number | null>(null);
  useFocusReturn(openId !== null);
  const key = `engagements:${JSON.stringify(criteria)}:${offset}`;
  const results = useApiQuery(() => api['emails.search']({ ...criteria, limit: PAGE_SIZE, offset }), key);
  const total = results.data?.total ?? 0;
  const busy = results.status === 'loading';

  return (
    <div className={styles.root}>
      <EngagementSearchForm
        busy={busy}
        onSearch={(next) => {
          setCriteria(next);
          setOffset(0);
        }}
      />
      <nav className={styles.pager} aria-label="Result pages">
        <Button onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))} disabled={busy || offset === 0}>
          Previous
        </Button>
        <Text data-testid="emails-range" aria-live="polite">
          {total === 0 ? 'No emails match' : `${offset + 1}–${Math.min(offset + PAGE_SIZE, total)} of ${total}`}
        </Text>
        <Button onClick={() => setOffset(offset + PAGE_SIZE)} disabled={busy || offset + PAGE_SIZE >= total}>
          Next
        </Button>
      </nav>
      {results.error ? <ErrorMessage error={results.error} title="Could not search the emails" /> : null}
      {busy && !results.data ? <Loading label="Searching" /> : null}
      {results.data && results.data.items.length > 0 ? (
        <Grid items={results.data.items} columns={columns(setOpenId, styles.subject, results.data.names)} getRowId={(email) => email.id} aria-label="Imported emails" testId="emails-table" rowTestId="email-row" />
      ) : null}
      {openId !== null ? <EmailDetailDialog id={openId} onClose={() => setOpenId(null)} onChanged={results.reload} /> : null}
    </div>
  );
}
