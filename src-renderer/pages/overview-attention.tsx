import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { Link } from 'react-router';
import { cannotSync, mailboxAction } from '../../src-shared/error-actions.js';
import { useApi, useApiEvent } from '../api-context.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { useApiQuery } from '../use-api-query.js';

const useStyles = makeStyles({ list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS } });

/** Opted-in mailboxes whose last run failed, one line each with what to do; the others are fine. */
export function AttentionList() {
  const api = useApi();
  const styles = useStyles();
  const health = useApiQuery(() => api['health.mailboxes']({}), 'overview-health');
  useApiEvent('sync.cycleFinished', () => health.reload());
  if (health.error) return <ErrorMessage error={health.error} title="Could not read the mailboxes' state" />;
  if (!health.data) return <Loading label="Reading mailboxes" />;
  const optedIn = health.data.items.filter((m) => m.optedIn);
  const failing = optedIn.filter((m) => m.state === 'error' || cannotSync(m.state));
  if (failing.length === 0) {
    return <Text data-testid="attention-none">All {optedIn.length} imported mailboxes synced without error.</Text>;
  }
  return (
    <>
      <Text>
        {failing.length} of {optedIn.length} imported mailboxes failed their last sync; the others synced. <Link to="/health">Open Sync health</Link>
      </Text>
      <ul className={styles.list} data-testid="attention-list">
        {failing.map((m) => (
          <li key={m.address} data-testid="attention-mailbox" data-address={m.address}>
            <Text weight="semibold">{m.address}</Text>: {mailboxAction(m.state, m.lastRun.errorCode ?? 'internal')}
          </li>
        ))}
      </ul>
    </>
  );
}
