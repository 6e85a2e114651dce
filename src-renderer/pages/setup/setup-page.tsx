import { Badge, Button, Card, CardHeader, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import type { SetupState } from '../../../src-shared/setup.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import { toDisplayError, useApiQuery } from '../../use-api-query.js';
import { ConnectionTestForm } from './connection-test.js';
import { ConsentSection } from './consent-section.js';
import { CrmImportSection } from './crm-import-section.js';
import { OrgDomainsSection } from './org-domains-section.js';
import { TenantForm } from './tenant-form.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1100px' },
  steps: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

function Step(props: { title: string; children: ReactNode; testId: string }) {
  return (
    <Card data-testid={props.testId}>
      <CardHeader
        header={
          <Text as="h3" block weight="semibold" size={400}>
            {props.title}
          </Text>
        }
      />
      {props.children}
    </Card>
  );
}

/** Guided first run: the sandbox in one click, or a real tenant step by step. */
export function SetupPage() {
  const api = useApi();
  const styles = useStyles();
  const [refresh, setRefresh] = useState(0);
  const state = useApiQuery(() => api['setup.state']({}), `setup-${refresh}`);
  const changed = () => setRefresh((n) => n + 1);

  return (
    <div className={styles.root}>
      {state.error ? <ErrorMessage error={state.error} title="Could not read the setup state" /> : null}
      {state.data ? <Checklist state={state.data} /> : state.status === 'loading' ? <Loading label="Reading the setup" /> : null}
      <Step title="Try with the sandbox tenant" testId="setup-sandbox">
        <SandboxStart onStarted={changed} />
      </Step>
      <Step title="1. Tenant and app registration" testId="setup-tenant-step">
        <TenantForm onConfigured={changed} saved={state.data?.tenant ?? null} />
      </Step>
      <Step title="2. Connect the organisation" testId="setup-consent-step">
        <ConsentSection onChanged={changed} />
      </Step>
      <Step title="3. Databases" testId="setup-connections">
        <ConnectionTestForm kind="database" label="MariaDB URL" placeholder="mysql://user:password@db.example.com:3306/correspondent" />
        <ConnectionTestForm kind="search" label="Elasticsearch URL" placeholder="https://user:password@search.example.com:9200" />
      </Step>
      <Step title="4. Organisation domains" testId="setup-org-domains">
        <OrgDomainsSection refreshKey={refresh} />
      </Step>
      <Step title="5. CRM import" testId="setup-crm">
        <CrmImportSection />
      </Step>
    </div>
  );
}

function Checklist(props: { state: SetupState }) {
  const styles = useStyles();
  const { state } = props;
  return (
    <div data-testid="setup-checklist">
      <div className={styles.row}>
        <Badge appearance="filled" color={state.complete ? 'success' : 'warning'} data-testid="setup-complete">
          {state.complete ? 'Setup complete' : 'Setup incomplete'}
        </Badge>
        {state.tenant ? (
          <Text>
            Tenant {state.tenant.tenant}
            {state.tenant.sandbox ? ' (sandbox)' : ''}, {state.tenant.consent ? 'consent granted' : 'consent pending'}
          </Text>
        ) : null}
      </div>
      {state.missing.length > 0 ? (
        <ol className={styles.steps}>
          {state.missing.map((step) => (
            <li key={step.step} data-testid="setup-missing">
              {step.message}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

function SandboxStart(props: { onStarted: () => void }) {
  const api = useApi();
  const styles = useStyles();
  const [running, setRunning] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const start = async () => {
    setRunning(true);
    try {
      const result = await api['setup.useSandbox']({});
      setMessage(result.message);
      setError(null);
      props.onStarted();
    } catch (caught) {
      setError(toDisplayError(caught));
    } finally {
      setRunning(false);
    }
  };
  return (
    <>
      <Text>A simulated Microsoft 365 tenant with generated mailboxes and CRM: nothing to type, nothing leaves this machine.</Text>
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => void start()} disabled={running} data-testid="setup-use-sandbox">
          Try with the sandbox tenant
        </Button>
        {running ? <Spinner size="tiny" label="Starting the sandbox…" /> : null}
      </div>
      <div aria-live="polite">
        {message ? (
          <MessageBar intent="success" data-testid="setup-sandbox-result">
            <MessageBarBody>{message}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      {error ? <ErrorMessage error={error} title="The sandbox could not start" /> : null}
    </>
  );
}
