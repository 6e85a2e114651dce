import { Badge, Button, Card, CardHeader, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiOutput } from '../../src-shared/api.js';
import type { AppErrorShape } from '../../src-shared/errors.js';
import { useApi, useApiEvent } from '../api-context.js';
import { CycleSummaryView } from '../components/cycle-summary-view.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { formatDateTime } from '../format.js';
import { sourceLabel } from '../caller-labels.js';
import { AttentionList } from './overview-attention.js';
import { toDisplayError, useApiQuery } from '../use-api-query.js';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalS, margin: 0 },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

type Status = ApiOutput<'app.status'>;

export function OverviewPage() {
  const api = useApi();
  const styles = useStyles();
  const status = useApiQuery(() => api['app.status']({}), 'status');
  const lastCycle = useApiQuery(() => api['sync.lastCycle']({}), 'last-cycle');
  useApiEvent('sync.cycleFinished', () => lastCycle.reload());
  const [sync, setSync] = useState<
    { state: 'idle' } | { state: 'running' } | { state: 'done'; summary: ApiOutput<'sync.runNow'> } | { state: 'failed'; error: AppErrorShape }
  >({ state: 'idle' });

  const syncNow = async () => {
    setSync({ state: 'running' });
    try {
      const summary = await api['sync.runNow']({});
      setSync({ state: 'done', summary });
      lastCycle.reload();
    } catch (error) {
      setSync({ state: 'failed', error: toDisplayError(error) });
    }
  };

  return (
    <div className={styles.grid}>
      <Card data-testid="status-card">
        <CardHeader header={<Text as="h3" block weight="semibold" size={400}>Status</Text>} />
        {status.error ? <ErrorMessage error={status.error} title="Could not read the status" /> : null}
        {status.data ? <StatusFacts status={status.data} className={styles.facts} /> : status.status === 'loading' ? <Loading label="Reading status" /> : null}
      </Card>

      <Card data-testid="attention-card">
        <CardHeader header={<Text as="h3" block weight="semibold" size={400}>Mailboxes that need attention</Text>} />
        <AttentionList />
      </Card>

      <Card data-testid="sync-card">
        <CardHeader header={<Text as="h3" block weight="semibold" size={400}>Sync</Text>} />
        <div className={styles.section}>
          <div className={styles.actions}>
            <Button appearance="primary" onClick={() => void syncNow()} disabled={sync.state === 'running'} data-testid="sync-now">
              Sync now
            </Button>
            {sync.state === 'running' ? <Spinner size="tiny" label="Syncing…" /> : null}
          </div>
          <div aria-live="polite">
            {sync.state === 'done' ? (
              <section aria-label="Result of this sync">
                <Text as="h4" block weight="semibold">This sync</Text>
                <CycleSummaryView summary={sync.summary} testId="sync-summary" />
              </section>
            ) : null}
            {sync.state === 'failed' ? <ErrorMessage error={sync.error} title="Sync failed" /> : null}
          </div>
          <section aria-label="Last completed cycle" data-testid="last-cycle">
            <Text as="h4" block weight="semibold">Last cycle</Text>
            {lastCycle.error ? <ErrorMessage error={lastCycle.error} title="Could not read the last cycle" /> : null}
            {lastCycle.data ? (
              lastCycle.data.cycle ? (
                <>
                  <Text as="p">Finished {formatDateTime(lastCycle.data.finishedAt)}</Text>
                  <CycleSummaryView summary={lastCycle.data.cycle} testId="last-cycle-summary" />
                </>
              ) : (
                <Text as="p">No sync has finished yet.</Text>
              )
            ) : lastCycle.status === 'loading' ? (
              <Loading label="Reading the last cycle" />
            ) : null}
          </section>
        </div>
      </Card>
    </div>
  );
}

function StatusFacts(props: { status: Status; className: string }) {
  const { status } = props;
  const yesNo = (ok: boolean, yes: string, no: string) => (
    <Badge appearance="tint" color={ok ? 'success' : 'warning'}>
      {ok ? yes : no}
    </Badge>
  );
  return (
    <dl className={props.className} data-testid="status-facts">
      <dt>Version</dt>
      <dd data-testid="status-version">{status.version}</dd>
      <dt>This console</dt>
      <dd data-testid="status-source">{sourceLabel(status.caller.source)}</dd>
      <dt>Audit log names you as</dt>
      <dd data-testid="status-actor">
        {status.caller.actor} {status.caller.signedIn ? '(signed-in administrator)' : '(operating-system user; sign in on the Setup page to be named)'}
      </dd>
      <dt>Database</dt>
      <dd data-testid="status-database">
        {yesNo(status.database.connected, 'Connected', 'Not connected')} {status.database.serverVersion ?? ''}
      </dd>
      <dt>Microsoft 365 tenant</dt>
      <dd data-testid="status-tenant">
        {yesNo(status.tenant.configured, 'Connected', 'Not connected')} {status.tenant.sandbox ? 'Sandbox tenant' : ''}
      </dd>
      <dt>Search</dt>
      <dd>
        {yesNo(status.search.configured, 'Configured', 'Not configured')}
        {status.search.backlog !== null && status.search.backlog > 0 ? ` ${status.search.backlog} changes waiting` : ''}
      </dd>
    </dl>
  );
}
