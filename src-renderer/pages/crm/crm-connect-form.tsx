import { Button, Dropdown, Field, Input, makeStyles, Option, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { CONNECTED_CRM_SOURCES, type ConnectedCrm } from '../../../src-shared/crm-connection.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { toDisplayError } from '../../use-api-query.js';
import { CONNECT_SPECS, missingRequired, settingsOf } from './crm-connect-fields.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '560px' },
});

/**
 * Connect Salesforce, HubSpot or Dynamics 365 Sales (the fields per CRM: crm-connect-fields.ts).
 * Salesforce also offers the JWT bearer flow. The connection is tested before it is saved; the
 * credential goes to the vault and is never shown again (the field is emptied).
 */
export function CrmConnectForm(props: { onConnected: () => void }) {
  const api = useApi();
  const styles = useStyles();
  const [source, setSource] = useState<ConnectedCrm>('salesforce');
  const [values, setValues] = useState<Record<string, string>>({});
  const [flow, setFlow] = useState<'client-credentials' | 'jwt-bearer'>('client-credentials');
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const spec = CONNECT_SPECS[source];
  const jwt = source === 'salesforce' && flow === 'jwt-bearer';

  const choose = (next: ConnectedCrm) => {
    setSource(next);
    setValues({});
    setError(null);
  };

  const connect = async () => {
    setBusy(true);
    setError(null);
    try {
      const settings = { ...settingsOf(spec, values), ...(source === 'salesforce' ? { flow, ...(jwt ? { username: username.trim() } : {}) } : {}) };
      await api['crm.connect']({ source, settings, secret });
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
        Connect a CRM
      </Text>
      <Field label="CRM">
        <Dropdown value={spec.label} selectedOptions={[source]} onOptionSelect={(_e, d) => choose(d.optionValue as ConnectedCrm)} data-testid="crm-connect-source">
          {CONNECTED_CRM_SOURCES.map((s) => (
            <Option key={s} value={s}>
              {CONNECT_SPECS[s].label}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Text as="p">{spec.intro}</Text>
      {spec.fields.map((field) => (
        <Field key={`${source}-${field.key}`} label={field.label} hint={field.hint} required={field.required}>
          <Input value={values[field.key] ?? ''} onChange={(_e, d) => setValues((v) => ({ ...v, [field.key]: d.value }))} data-testid={field.testId} />
        </Field>
      ))}
      {source === 'salesforce' ? (
        <Field label="Flow">
          <Dropdown value={flow === 'client-credentials' ? 'Client credentials' : 'JWT bearer'} selectedOptions={[flow]} onOptionSelect={(_e, d) => setFlow(d.optionValue as typeof flow)} data-testid="crm-flow">
            <Option value="client-credentials">Client credentials</Option>
            <Option value="jwt-bearer">JWT bearer</Option>
          </Dropdown>
        </Field>
      ) : null}
      {jwt ? (
        <Field label="Integration user's username" required>
          <Input value={username} onChange={(_e, d) => setUsername(d.value)} data-testid="crm-username" />
        </Field>
      ) : null}
      <Field label={jwt ? 'Private key (PEM) of the uploaded certificate' : spec.secretLabel} hint="Kept in the encrypted vault; never shown again." required>
        <Input type="password" value={secret} onChange={(_e, d) => setSecret(d.value)} data-testid="crm-secret" />
      </Field>
      <div>
        <Button appearance="primary" onClick={() => void connect()} disabled={busy || missingRequired(spec, values) || (jwt && !username.trim()) || !secret} data-testid="crm-connect-run">
          {busy ? 'Testing…' : `Test and connect ${spec.label}`}
        </Button>
      </div>
      {error ? <ErrorMessage error={error} title="Not connected" /> : null}
    </section>
  );
}
