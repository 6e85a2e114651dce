import { Badge, Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useApi, useApiEvent } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import { formatBytes, formatDateTime, formatDuration } from '../../format.js';
import { useApiQuery } from '../../use-api-query.js';
import { CycleDurationChart, ImportedSkippedChart } from './cycle-charts.js';
import { CycleStagesTable } from './cycle-stages.js';
import { MailboxHealthDialog, MailboxHealthTable } from './mailbox-health-table.js';
import { SyncControls } from './sync-controls.js';
import { consentLabel } from './consent-labels.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  charts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: tokens.spacingHorizontalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  badge: { alignSelf: 'flex-start' },
});

const heading = (text: string) => (
  <Text as="h3" block weight="semibold" size={400}>
    {text}
  </Text>
);

/** Sync health: is the sync keeping up, which mailboxes need attention, and what to do about it. */
export function HealthPage() {
  const api = useApi();
  const styles = useStyles();
  const cycles = useApiQuery(() => api['health.cycles']({ limit: 50 }), 'cycles');
  const mailboxes = useApiQuery(() => api['health.mailboxes']({}), 'health-mailboxes');
  const status = useApiQuery(() => api['app.status']({}), 'status');
  const consent = useApiQuery(() => api['consent.health']({}), 'consent');
  const [open, setOpen] = useState<string | null>(null);
  const reload = () => {
    cycles.reload();
    mailboxes.reload();
    status.reload();
  };
  // A cycle run by the schedule or another console also refreshes this page.
  useApiEvent('sync.cycleFinished', reload);

  const latest = cycles.data?.items[0];
  return (
    <div className={styles.root}>
      <div className={styles.cards}>
        <Card>
          <CardHeader header={heading('Sync')} />
          <SyncControls onCycleFinished={reload} />
        </Card>
        <Card data-testid="consent-health">
          <CardHeader header={heading('Microsoft 365 consent')} />
          {consent.error ? <ErrorMessage error={consent.error} title="Could not check the consent" /> : null}
          {consent.data ? (
            <>
              <Badge appearance="tint" className={styles.badge} color={consent.data.state === 'healthy' ? 'success' : 'warning'} data-testid="consent-state" data-state={consent.data.state}>
                {consentLabel(consent.data.state)}
              </Badge>
              <Text>{consent.data.message}</Text>
              {consent.data.permissions ? (
                <ul data-testid="consent-permissions">
                  {consent.data.permissions.map((p) => (
                    <li key={p.name}>
                      {p.name}: {p.granted ? (p.via === 'exchange-rbac' ? 'granted through Exchange RBAC for Applications' : 'granted') : 'not granted'} ({p.usedFor})
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
        </Card>
        <Card>
          <CardHeader header={heading('Search index')} />
          {status.data ? (
            <Text data-testid="search-backlog">
              {status.data.search.backlog === null ? 'Elasticsearch is not configured.' : `${status.data.search.backlog} changes waiting for Elasticsearch.`}
            </Text>
          ) : null}
        </Card>
      </div>

      <section className={styles.section} aria-label="Cycles" data-testid="health-cycles">
        {heading('Cycles')}
        {cycles.error ? <ErrorMessage error={cycles.error} title="Could not read the cycle history" /> : null}
        {cycles.status === 'loading' && !cycles.data ? <Loading label="Reading cycles" /> : null}
        {cycles.data && cycles.data.items.length === 0 ? <Text>No cycle has finished yet.</Text> : null}
        {cycles.data && latest ? (
          <>
            <Text data-testid="health-latest-cycle">
              Latest: finished {formatDateTime(latest.finishedAt)}, {latest.cycle.mailboxes} mailboxes, {latest.cycle.read} read, {latest.cycle.imported} imported,{' '}
              {latest.cycle.alreadyStored} already stored, {latest.cycle.unchanged} unchanged in{' '}
              {formatDuration(latest.cycle.durationMs)}
              {latest.overBudget ? ' - over the budget' : ''}. {cycles.data.items.filter((c) => c.overBudget).length} of {cycles.data.items.length} cycles over the{' '}
              {Math.round(cycles.data.budgetMs / 60_000)}-minute budget.
            </Text>
            <div className={styles.charts}>
              <CycleDurationChart cycles={cycles.data.items} budgetMs={cycles.data.budgetMs} />
              <ImportedSkippedChart cycles={cycles.data.items} />
            </div>
            <Text data-testid="health-latest-stages">
              Header-first: {latest.cycle.decidedAtEnvelope} of {latest.cycle.read} messages were decided on their envelope (their content never downloaded),{' '}
              {latest.cycle.decidedAtContent} on their content; {formatBytes(latest.cycle.bytesReceived)} received from Graph.
            </Text>
            <CycleStagesTable cycles={cycles.data.items} />
          </>
        ) : null}
      </section>

      <section className={styles.section} aria-label="Mailboxes">
        {heading('Mailboxes')}
        {mailboxes.error ? <ErrorMessage error={mailboxes.error} title="Could not read the mailboxes' health" /> : null}
        {mailboxes.status === 'loading' && !mailboxes.data ? <Loading label="Reading mailboxes" /> : null}
        {mailboxes.data ? <MailboxHealthTable items={mailboxes.data.items} onOpen={setOpen} /> : null}
      </section>
      <MailboxHealthDialog address={open} onClose={() => setOpen(null)} />
    </div>
  );
}
