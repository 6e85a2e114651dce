import { Button, Dropdown, Field, Input, makeStyles, MessageBar, MessageBarBody, Option, Radio, RadioGroup, Spinner, Text, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import type { TenantSetup, TenantSummary } from '../../../src-shared/setup.js';
import { CLOUD_NAMES } from '../../../src-shared/setup.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { issuesByField } from '../../field-issues.js';
import { toDisplayError } from '../../use-api-query.js';

type Kind = TenantSetup['credential']['kind'];
type Cloud = (typeof CLOUD_NAMES)[number];

const CLOUDS: Record<Cloud, string> = {
  global: 'Microsoft 365 (global)',
  'usgov-high': 'US Government GCC High',
  'usgov-dod': 'US Government DoD',
  china: 'Microsoft 365 operated by 21Vianet (China)',
};

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, gridColumn: '1 / -1' },
  saved: { gridColumn: '1 / -1' },
});

/** A certificate file as the form sends it: PEM as text, PFX as base64. */
async function readCertificate(file: File): Promise<{ kind: 'certificate'; pem: string } | { kind: 'certificate-pfx'; pfxBase64: string }> {
  if (/\.(pfx|p12)$/i.test(file.name)) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return { kind: 'certificate-pfx', pfxBase64: btoa(binary) };
  }
  return { kind: 'certificate', pem: await file.text() };
}

/** Tenant, cloud and app registration with one credential; secrets go in and never come back. */
export function TenantForm(props: { onConfigured: () => void; saved: TenantSummary | null }) {
  const api = useApi();
  const styles = useStyles();
  const [tenant, setTenant] = useState('');
  const [clientId, setClientId] = useState('');
  const [cloud, setCloud] = useState<Cloud>('global');
  const [kind, setKind] = useState<'secret' | 'certificate'>('secret');
  const [secret, setSecret] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [certificate, setCertificate] = useState<{ name: string; credential: Awaited<ReturnType<typeof readCertificate>> } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const issues = issuesByField(error);
  // The saved registration fills the form (once, and again after a save), never over the admin's typing.
  const edited = useRef(false);
  const { saved } = props;
  useEffect(() => {
    if (!saved || edited.current) return;
    setTenant(saved.tenant);
    setClientId(saved.clientId);
    if (saved.cloud !== 'custom') setCloud(saved.cloud);
    setKind(saved.credential.kind === 'secret' ? 'secret' : 'certificate');
  }, [saved]);
  const edit = <T,>(set: (value: T) => void) => (value: T) => {
    edited.current = true;
    set(value);
  };

  const credential = (): TenantSetup['credential'] | null => {
    if (kind === 'secret') return { kind: 'secret', secret, ...(expiresOn ? { expiresOn } : {}) };
    if (!certificate) return null;
    return { ...certificate.credential, ...(passphrase ? { passphrase } : {}) };
  };

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setCertificate(file ? { name: file.name, credential: await readCertificate(file) } : null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = credential();
    if (!chosen) {
      setError({ code: 'invalid-input', message: 'Choose the certificate file.', retryable: false, issues: [{ path: 'credential', message: 'Choose a PEM or PFX file.' }] });
      return;
    }
    setSaving(true);
    setDone(null);
    try {
      const summary = await api['tenant.configure']({ tenant, clientId, cloud, credential: chosen });
      setSecret('');
      setPassphrase('');
      edited.current = false;
      setError(null);
      setDone(`Saved the app registration for ${summary.tenant}. Now connect the organisation.`);
      props.onConfigured();
    } catch (caught) {
      setError(toDisplayError(caught));
    } finally {
      setSaving(false);
    }
  };

  const state = (path: string) => ({ validationMessage: issues[path], validationState: issues[path] ? ('error' as const) : ('none' as const) });
  const credentialIssue = issues['credential.secret'] ?? issues['credential.pem'] ?? issues['credential.pfxBase64'] ?? issues.credential;
  const kindOf: Kind = kind === 'secret' ? 'secret' : (certificate?.credential.kind ?? 'certificate');

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-label="App registration" noValidate data-testid="tenant-form">
      <Field label="Tenant" hint="Tenant ID (GUID) or a verified domain such as contoso.onmicrosoft.com" required {...state('tenant')}>
        <Input value={tenant} onChange={(_e, d) => edit(setTenant)(d.value)} data-testid="setup-tenant" />
      </Field>
      <Field label="Cloud" {...state('cloud')}>
        <Dropdown value={CLOUDS[cloud]} selectedOptions={[cloud]} onOptionSelect={(_e, d) => d.optionValue && setCloud(d.optionValue as Cloud)} data-testid="setup-cloud">
          {CLOUD_NAMES.map((name) => (
            <Option key={name} value={name}>
              {CLOUDS[name]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Application (client) ID" required {...state('clientId')}>
        <Input value={clientId} onChange={(_e, d) => edit(setClientId)(d.value)} data-testid="setup-client-id" />
      </Field>
      <Field label="Credential">
        <RadioGroup layout="horizontal" value={kind} onChange={(_e, d) => setKind(d.value as 'secret' | 'certificate')}>
          <Radio value="secret" label="Client secret" />
          <Radio value="certificate" label="Certificate (PEM or PFX)" />
        </RadioGroup>
      </Field>
      {saved ? (
        <Text className={styles.saved} data-testid="setup-saved-credential">
          {saved.credential.kind === 'secret'
            ? `A client secret is saved${saved.credential.expiresOn ? ` (expires ${saved.credential.expiresOn.slice(0, 10)})` : ''}.`
            : `A certificate is saved (${saved.credential.subject}, valid until ${saved.credential.notAfter.slice(0, 10)}).`}{' '}
          It is never shown again; to change the registration, enter the credential anew.
        </Text>
      ) : null}
      {kind === 'secret' ? (
        <>
          <Field label="Client secret value" required validationMessage={credentialIssue} validationState={credentialIssue ? 'error' : 'none'}>
            <Input type="password" value={secret} onChange={(_e, d) => setSecret(d.value)} autoComplete="off" data-testid="setup-secret" />
          </Field>
          <Field label="Secret expires on" hint="Shown in Entra when the secret was created; used to warn before it expires." {...state('credential.expiresOn')}>
            <Input type="date" value={expiresOn} onChange={(_e, d) => setExpiresOn(d.value)} />
          </Field>
        </>
      ) : (
        <>
          <Field label="Certificate file" hint={certificate ? `${certificate.name} (${kindOf === 'certificate-pfx' ? 'PFX' : 'PEM'})` : 'PEM with the private key, or PFX/P12'} validationMessage={credentialIssue} validationState={credentialIssue ? 'error' : 'none'}>
            <input type="file" accept=".pem,.crt,.key,.pfx,.p12" onChange={(e) => void pick(e)} data-testid="setup-certificate" />
          </Field>
          <Field label="Passphrase" hint="Only if the key or PFX is protected." {...state('credential.passphrase')}>
            <Input type="password" value={passphrase} onChange={(_e, d) => setPassphrase(d.value)} autoComplete="off" />
          </Field>
        </>
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={saving} data-testid="setup-save-tenant">
          Save app registration
        </Button>
        {saving ? <Spinner size="tiny" label="Checking the credential…" /> : null}
      </div>
      <div aria-live="polite" className={styles.actions}>
        {done ? (
          <MessageBar intent="success">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        ) : null}
        {error && (error.code !== 'invalid-input' || !error.issues?.length) ? <ErrorMessage error={error} title="The app registration was not saved" /> : null}
      </div>
    </form>
  );
}
