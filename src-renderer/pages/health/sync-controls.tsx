import { Badge, Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi, useApiEvent } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { toDisplayError, useApiQuery } from '../../use-api-query.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  live: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

type Progress = Record<string, { read: number; imported: number }>;

/**
 * Pause/resume and "Sync now", with the run's progress as the core reports it: the event stream's
 * sync.progress per mailbox while a cycle runs, sync.paused from any instance or console.
 */
export function SyncControls(props: { onCycleFinished: () => void }) {
  const api = useApi();
  const styles = useStyles();
  const state = useApiQuery(() => api['sync.state']({}), 'sync-state');
  const [paused, setPaused] = useState<boolean | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<Progress>({});
  // The last run's figures stay up once it finishes; the next run's first event replaces them.
  const [finished, setFinished] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const isPaused = paused ?? state.data?.paused ?? false;
  const isRunning = running || (!finished && Object.keys(progress).length > 0) || (state.data?.running ?? false);

  useApiEvent('sync.progress', (event) => {
    setProgress((previous) => ({ ...(finished ? {} : previous), [event.mailbox]: { read: event.read, imported: event.imported } }));
    setFinished(false);
  });
  useApiEvent('sync.paused', (event) => setPaused(event.paused));
  useApiEvent('sync.cycleFinished', () => {
    setFinished(true);
    state.reload();
    props.onCycleFinished();
  });

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(null);
    } catch (caught) {
      setError(toDisplayError(caught));
    }
  };
  const syncNow = () =>
    act(async () => {
      setRunning(true);
      try {
        await api['sync.runNow']({});
      } finally {
        setRunning(false);
        setFinished(true);
        props.onCycleFinished();
      }
    });
  const togglePause = () => act(async () => setPaused((await api[isPaused ? 'sync.resume' : 'sync.pause']({})).paused));

  const live = Object.entries(progress);
  return (
    <div className={styles.root} data-testid="sync-controls">
      <div className={styles.row}>
        <Badge appearance="filled" color={isPaused ? 'warning' : 'success'} data-testid="sync-paused-state">
          {isPaused ? 'Scheduled sync paused' : 'Scheduled sync on'}
        </Badge>
        {state.data ? (
          <Text>
            Every {state.data.scheduleMinutes} minutes{' '}
            <details style={{ display: 'inline' }}>
              <summary>Instance</summary>
              {state.data.instanceId}
            </details>
          </Text>
        ) : null}
      </div>
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => void syncNow()} disabled={running} data-testid="health-sync-now">
          Sync now
        </Button>
        <Button onClick={() => void togglePause()} data-testid="sync-pause-toggle">
          {isPaused ? 'Resume scheduled sync' : 'Pause scheduled sync'}
        </Button>
        {isRunning ? <Spinner size="tiny" label="Syncing…" /> : null}
      </div>
      {state.data && state.data.workers.length > 0 ? (
        <ul className={styles.live} data-testid="sync-workers">
          {state.data.workers.map((w) => (
            <li key={w.instanceId} data-testid="sync-worker">
              Worker {w.instanceId}: {w.state} since {w.since}
              {w.detail ? ` - ${w.detail}` : ''}
              {w.nextAttemptAt ? ` (next attempt ${w.nextAttemptAt})` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <div aria-live="polite" data-testid="sync-live" data-finished={finished}>
        {live.length > 0 ? <Text weight="semibold">{finished ? 'Last run' : 'Running now'}</Text> : null}
        {live.length > 0 ? (
          <ul className={styles.live}>
            {live.map(([mailbox, figures]) => (
              <li key={mailbox} data-testid="sync-live-mailbox">
                {mailbox}: {figures.read} read, {figures.imported} imported
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {error ? <ErrorMessage error={error} title="The sync control failed" /> : null}
    </div>
  );
}
