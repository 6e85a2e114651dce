/**
 * What the administrator must act on, above every page: the core's alerts (failing mailboxes, the
 * CRM, revoked consent, a growing search backlog), each with what to do and a link to the page
 * where it is done. Read once, then kept current by the `alerts.changed` event.
 */
import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import type { Alert } from '../../src-shared/alerts.js';
import { useApi, useApiEvent } from '../api-context.js';
import { useApiQuery } from '../use-api-query.js';

const useStyles = makeStyles({ root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS } });

/** More than this many are summed up in one line (a tenant-wide outage fails every mailbox). */
const SHOWN = 3;

const PAGE_NAMES: Record<Alert['page'], string> = { '/health': 'Open Sync health', '/setup': 'Open Setup', '/mailboxes': 'Open Mailboxes' };

export function AlertBanner() {
  const api = useApi();
  const styles = useStyles();
  const loaded = useApiQuery(() => api['alerts.list']({}), 'alerts');
  const [pushed, setPushed] = useState<Alert[] | null>(null);
  useApiEvent('alerts.changed', (event) => setPushed(event.items));
  const alerts = pushed ?? loaded.data?.items ?? [];
  if (alerts.length === 0) return null;
  const shown = alerts.slice(0, SHOWN);
  const more = alerts.length - shown.length;
  return (
    <section className={styles.root} aria-label="Needs your attention" data-testid="alert-banner">
      {shown.map((alert) => (
        <MessageBar key={alert.id} intent={alert.severity} layout="multiline" data-testid="alert" data-alert-id={alert.id} data-alert-kind={alert.kind}>
          <MessageBarBody>
            <MessageBarTitle>{alert.title}</MessageBarTitle>
            {alert.message}{' '}
            <RouterLink to={alert.page}>{PAGE_NAMES[alert.page]}</RouterLink>
          </MessageBarBody>
        </MessageBar>
      ))}
      {more > 0 ? (
        <MessageBar intent="error" data-testid="alert-more">
          <MessageBarBody>
            {more} more {more === 1 ? 'problem needs' : 'problems need'} attention. <RouterLink to="/health">Open Sync health</RouterLink>
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </section>
  );
}
