import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Divider,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState, type ReactNode } from 'react';
import type { Address } from '../../../src-shared/domain.js';
import { opportunityLabel, type AssignedBy, type EmailDetail } from '../../../src-shared/engagement.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import { formatDateTime } from '../../format.js';
import { useApiQuery } from '../../use-api-query.js';
import { ReassignForm } from './reassign-form.js';

const useStyles = makeStyles({
  surface: { width: 'min(960px, 94vw)', maxWidth: 'none' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxHeight: '68vh', overflowY: 'auto' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    marginBlock: `0 ${tokens.spacingVerticalM}`,
  },
  value: { margin: 0, overflowWrap: 'anywhere' },
  body: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: tokens.fontFamilyBase,
    backgroundColor: tokens.colorNeutralBackground2,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    maxHeight: '240px',
    overflowY: 'auto',
    margin: 0,
  },
  title: { overflowWrap: 'anywhere' },
});

const ASSIGNED_BY: Record<AssignedBy, string> = {
  'opportunity-owner': 'Opportunity owner',
  mailbox: 'First mailbox',
  admin: 'Administrator',
};

function people(list: Address[]): string {
  return list.length === 0 ? '—' : list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
}

function Facts(props: { rows: [string, ReactNode, string?][]; label: string }) {
  const styles = useStyles();
  return (
    <dl className={styles.facts} aria-label={props.label}>
      {props.rows.map(([term, value, testId]) => (
        <div key={term} style={{ display: 'contents' }}>
          <dt>
            <Text weight="semibold">{term}</Text>
          </dt>
          <dd className={styles.value} data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <section aria-label={props.title}>
      <Text as="h3" size={400} weight="semibold" block>
        {props.title}
      </Text>
      {props.children}
    </section>
  );
}

/** Exactly what was captured for one email, where it was seen, how it was assigned; and reassign it. */
export function EmailDetailDialog(props: { id: number; onClose: () => void; onChanged: () => void }) {
  const api = useApi();
  const styles = useStyles();
  const loaded = useApiQuery(() => api['emails.get']({ id: props.id }), `email:${props.id}`);
  const [email, setEmail] = useState<EmailDetail | null>(null);
  useEffect(() => {
    if (loaded.data) setEmail(loaded.data);
  }, [loaded.data]);

  return (
    <Dialog open modalType="modal" onOpenChange={(_event, data) => (data.open ? undefined : props.onClose())}>
      <DialogSurface className={styles.surface} data-testid="email-detail" aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle className={styles.title}>{email ? email.subject || '(no subject)' : 'Email'}</DialogTitle>
          <DialogContent className={styles.content}>
            {loaded.error ? <ErrorMessage error={loaded.error} title="Could not read the email" /> : null}
            {!email && !loaded.error ? <Loading label="Reading the email" /> : null}
            {email ? (
              <>
                <Section title="Captured">
                  <Facts
                    label="Captured fields"
                    rows={[
                      ['From', people([email.from]), 'detail-from'],
                      ['To', people(email.to), 'detail-to'],
                      ['Cc', people(email.cc), 'detail-cc'],
                      ['Subject', email.subject || '(no subject)', 'detail-subject'],
                      ['Sent', formatDateTime(email.sentAt)],
                      ['Message-ID', email.internetMessageId ?? `— (key ${email.messageKey})`, 'detail-message-id'],
                      ['In-Reply-To', email.inReplyTo ?? '—'],
                      ['References', email.references.length === 0 ? '—' : email.references.join(' ')],
                      ['Imported', formatDateTime(email.importedAt)],
                    ]}
                  />
                  <Text weight="semibold" block>
                    Body (plain text)
                  </Text>
                  <pre className={styles.body} data-testid="detail-body" tabIndex={0} aria-label="Body">
                    {email.bodyText || '(empty)'}
                  </pre>
                </Section>
                <Divider />
                <Section title="Seen in mailboxes">
                  <ul data-testid="detail-mailboxes">
                    {email.sightings.map((s) => (
                      <li key={`${s.mailbox}:${s.folderId}`}>
                        {s.mailbox} — first seen {formatDateTime(s.seenAt)}
                      </li>
                    ))}
                  </ul>
                </Section>
                <Divider />
                <Section title="CRM and owner">
                  <Facts
                    label="CRM links and owner"
                    rows={[
                      ['Accounts', email.accounts.length === 0 ? '—' : email.accounts.map((a) => (a.name ? `${a.name} (${a.id})` : a.id)).join(', '), 'detail-accounts'],
                      ['Contacts', email.contacts.length === 0 ? '—' : email.contacts.map((c) => `${c.name || c.email} (${c.id})`).join(', ')],
                      ['Leads', email.leads.length === 0 ? '—' : email.leads.map((l) => `${l.name || l.email} (${l.id})`).join(', ')],
                      [
                        'Opportunity',
                        email.opportunity
                          ? email.opportunity.known
                            ? `${opportunityLabel(email.opportunity)} (${email.opportunity.id})`
                            : `${email.opportunity.id} (no longer in the CRM)`
                          : 'None',
                        'detail-opportunity',
                      ],
                      [
                        'Owner',
                        <>
                          {email.assignedTo ?? 'Nobody'}{' '}
                          <Badge appearance="tint" color={email.assignedBy === 'admin' ? 'important' : 'informative'} data-testid="detail-assigned-by">
                            {ASSIGNED_BY[email.assignedBy]}
                          </Badge>
                        </>,
                        'detail-owner',
                      ],
                      ['Why this owner', email.assignmentExplanation, 'detail-explanation'],
                    ]}
                  />
                  {email.reassignments.length > 0 ? (
                    <ul data-testid="detail-reassignments" aria-label="Reassignments">
                      {email.reassignments.map((r) => (
                        <li key={`${r.at}:${r.actor}`}>
                          {formatDateTime(r.at)}: {r.actor} moved it from {r.opportunityBefore ?? 'no opportunity'} / {r.assignedToBefore ?? 'nobody'} to{' '}
                          {r.opportunityAfter ?? 'no opportunity'} / {r.assignedToAfter ?? 'nobody'}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </Section>
                <Divider />
                <Section title="Reassign">
                  <ReassignForm
                    email={email}
                    onReassigned={(updated) => {
                      setEmail(updated);
                      props.onChanged();
                    }}
                  />
                </Section>
              </>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button onClick={props.onClose} data-testid="detail-close">
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
