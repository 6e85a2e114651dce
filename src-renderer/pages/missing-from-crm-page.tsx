import { Button, makeStyles, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useApi, useApiEvent } from '../api-context.js';
import { DataTable } from '../components/data-table.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loading } from '../components/loading.js';
import { formatDateTime } from '../format.js';
import { useApiQuery } from '../use-api-query.js';
import { Breakable } from '../components/breakable.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '880px' },
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

/**
 * External domains whose mail was skipped because no CRM account has them: a list of customers the
 * CRM may be missing. Counts only - the skipped mail itself is never stored or shown.
 */
export function MissingFromCrmPage() {
  const api = useApi();
  const styles = useStyles();
  const missing = useApiQuery(() => api['health.missingFromCrm']({ limit: 200 }), 'missing');
  useApiEvent('sync.cycleFinished', () => missing.reload());
  const items = missing.data?.items ?? [];
  return (
    <div className={styles.root}>
      <Text as="p">Domains of skipped mail that no CRM account has. Add the customers among them to the CRM; the next sync imports their new mail.</Text>
      <div className={styles.toolbar}>
        <Button onClick={missing.reload} disabled={missing.status === 'loading'}>
          Refresh
        </Button>
        {missing.data ? <Text aria-live="polite">{items.length} domains</Text> : null}
      </div>
      {missing.error ? <ErrorMessage error={missing.error} title="Could not list the domains" /> : null}
      {missing.status === 'loading' && !missing.data ? <Loading label="Reading domains" /> : null}
      {missing.data && items.length === 0 ? <Text as="p">No skipped mail from unknown domains.</Text> : null}
      {items.length > 0 ? (
        <DataTable aria-label="Domains missing from the CRM" data-testid="missing-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Domain</TableHeaderCell>
              <TableHeaderCell>Skipped messages</TableHeaderCell>
              <TableHeaderCell>Last seen</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((item) => (
              <TableRow key={item.domain} data-testid="missing-row">
                <TableCell>
                  <Breakable text={item.domain} />
                </TableCell>
                <TableCell>{item.skipped}</TableCell>
                <TableCell>{formatDateTime(item.lastSeenAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </DataTable>
      ) : null}
    </div>
  );
}
