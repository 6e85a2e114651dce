import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useApi, useApiEvent } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import { useApiQuery } from '../../use-api-query.js';
import { CrmConnectForm } from './crm-connect-form.js';
import { CrmFieldMappingForm } from './crm-field-mapping-form.js';
import { CrmStatusSection } from './crm-status-section.js';

const useStyles = makeStyles({ root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, maxWidth: '880px' } });

/**
 * The CRM page (issue 22): where the CRM tables come from, how old the copy is and why a refresh
 * failed; "Refresh now", "Test connection", connecting Salesforce, HubSpot or Dynamics 365, and the field mapping. The
 * credential goes in and never comes back out.
 */
export function CrmPage() {
  const api = useApi();
  const styles = useStyles();
  const status = useApiQuery(() => api['crm.status']({}), 'crm-status');
  useApiEvent('sync.cycleFinished', () => status.reload());
  return (
    <div className={styles.root}>
      <Text as="p">Correspondent keeps its copy of the CRM current before every sync cycle when a CRM is connected; otherwise the CRM comes from CSV imports (Setup page).</Text>
      {status.error ? <ErrorMessage error={status.error} title="Could not read the CRM status" /> : null}
      {status.status === 'loading' && !status.data ? <Loading label="Reading the CRM status" /> : null}
      {status.data ? <CrmStatusSection status={status.data} onChanged={status.reload} /> : null}
      {status.data?.fieldMapping ? <CrmFieldMappingForm key={JSON.stringify(status.data.fieldMapping)} mapping={status.data.fieldMapping} onSaved={status.reload} /> : null}
      {status.data ? <CrmConnectForm onConnected={status.reload} /> : null}
    </div>
  );
}
