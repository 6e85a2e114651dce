import { Button, Dropdown, Field, Input, makeStyles, Option, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { toDisplayError } from '../../use-api-query.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '560px' },
});

/**
 * Connect Salesforce: the connected app's consumer key and secret (client credentials) or the
 * integration user and the certificate's private key (JWT bearer). The connection is tested before
 * it is saved; the secret goes to the vault and is never shown again (the field is emptied).
 */
export function CrmConnectForm(props: { onConnected: () => void }) {
  const api = useApi();
  const styles = useStyles();
  const [loginUrl, setLoginUrl] = useState('');
  const [clientId, setClientId] = useState('');
  const [flow, setFlow] = useState<'client-credentials' | 'jwt-bearer'>('client-credentials');
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);

  const connect = async () => {
    setBusy(true);
    setError(null);
    try {
      await api['crm.connect']({
        source: 'salesforce',
        settings: { loginUrl: loginUrl.trim(), clientId: clientId.trim(), flow, ...(flow === 'jwt-bearer' ? { username: username.trim() } : {}) },
        secret,
      });
      setSecret('');
      props.onConnected();
    } catch (caught) {
      setError(toDisplayError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.root} aria-labelledby="crm-connect-heading" data-testid="crm-connect">
      <Text as="h3" size={400} weight="semibold" id="crm-connect-heading">
        Connect Salesforce
      </Text>
      <Text as="p">A connected app with the client credentials flow (or the JWT bearer flow) and an integration user that can read accounts, contacts, leads, opportunities and users. The README lists the steps.</Text>
      <Field label="Login URL" hint="Your My Domain, e.g. https://yourcompany.my.salesforce.com" required>
        <Input value={loginUrl} onChange={(_e, d) => setLoginUrl(d.value)} data-testid="crm-login-url" />
      </Field>
      <Field label="Consumer key" required>
        <Input value={clientId} onChange={(_e, d) => setClientId(d.value)} data-testid="crm-client-id" />
      </Field>
      <Field label="Flow">
        <Dropdown value={flow === 'client-credentials' ? 'Client credentials' : 'JWT bearer'} selectedOptions={[flow]} onOptionSelect={(_e, d) => setFlow(d.optionValue as typeof flow)} data-testid="crm-flow">
          <Option value="client-credentials">Client credentials</Option>
          <Option value="jwt-bearer">JWT bearer</Option>
        </Dropdown>
      </Field>
      {flow === 'jwt-bearer' ? (
        <Field label="Integration user's username" required>
          <Input value={username} onChange={(_e, d) => setUsername(d.value)} data-testid="crm-username" />
        </Field>
      ) : null}
      <Field label={flow === 'client-credentials' ? 'Consumer secret' : 'Private key (PEM) of the uploaded certificate'} hint="Kept in the encrypted vault; never shown again." required>
        <Input type="password" value={secret} onChange={(_e, d) => setSecret(d.value)} data-testid="crm-secret" />
      </Field>
      <div>
        <Button appearance="primary" onClick={() => void connect()} disabled={busy || !loginUrl.trim() || !clientId.trim() || !secret} data-testid="crm-connect-run">
          {busy ? 'Testing…' : 'Test and connect'}
        </Button>
      </div>
      {error ? <ErrorMessage error={error} title="Not connected" /> : null}
    </section>
  );
}
