import { Button, Dropdown, Field, Input, makeStyles, MessageBar, MessageBarBody, Option, Spinner, Switch, Text, Textarea, tokens } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Settings } from '../../../src-shared/settings.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { formatDateTime } from '../../format.js';
import { Loading } from '../../components/loading.js';
import { issuesByField } from '../../field-issues.js';
import { toDisplayError, useApiQuery } from '../../use-api-query.js';
import { FIELD_PATHS, formOf, patchOf, type SettingsForm } from './settings-form.js';
import { CapturePolicySection } from './capture-policy-section.js';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '960px' },
  group: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalL,
    margin: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, paddingInline: tokens.spacingHorizontalS },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

const SENSITIVITY: Record<SettingsForm['sensitivity'], string> = {
  low: 'Low: only clear machine mail is skipped',
  normal: 'Normal',
  high: 'High: weaker evidence suffices',
};

/** Settings that take effect at once: the core applies them before it answers. */
export function SettingsPage() {
  const api = useApi();
  const settings = useApiQuery(() => api['settings.get']({}), 'settings');
  if (settings.error && !settings.data) return <ErrorMessage error={settings.error} title="Could not read the settings" />;
  if (!settings.data) return <Loading label="Reading settings" />;
  return (
    <>
      <SettingsEditor initial={settings.data} />
      <CapturePolicySection initial={settings.data} />
    </>
  );
}

function SettingsEditor(props: { initial: Settings }) {
  const api = useApi();
  const styles = useStyles();
  const [form, setForm] = useState<SettingsForm>(() => formOf(props.initial));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm(formOf(props.initial)), [props.initial]);
  const issues = issuesByField(error);

  const set = (key: keyof SettingsForm) => (value: string) => {
    setSaved(false);
    setForm((previous) => ({ ...previous, [key]: value }));
  };

  // A retention that deletes stored mail is saved only once the admin has seen how much.
  const [retention, setRetention] = useState<{ emails: number; sentBefore: string } | null>(null);
  const [savedRetention, setSavedRetention] = useState(props.initial.retentionDays);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const days = patchOf(form).retentionDays;
    const saved = savedRetention;
    if (typeof days === 'number' && Number.isInteger(days) && days >= 1 && (saved === null || days < saved)) {
      try {
        const preview = await api['emails.retentionPreview']({ days });
        if (preview.emails > 0) {
          setRetention(preview);
          return;
        }
      } catch {
        // An invalid number is reported by the save itself, on its field.
      }
    }
    await save();
  };

  const save = async () => {
    setSaving(true);
    setSaved(false);
    setError(null);
    try {
      const next = await api['settings.update'](patchOf(form));
      setForm(formOf(next));
      setSavedRetention(next.retentionDays);
      setError(null);
      setSaved(true);
    } catch (caught) {
      setError(toDisplayError(caught));
    } finally {
      setSaving(false);
    }
  };

  const field = (key: keyof SettingsForm, label: string, hint: string, control: ReactNode) => {
    const message = issues[FIELD_PATHS[key]];
    return (
      <Field label={label} hint={hint} validationMessage={message} validationState={message ? 'error' : 'none'} data-testid={`field-${key}`}>
        {control}
      </Field>
    );
  };
  const text = (key: Exclude<keyof SettingsForm, 'sensitivity' | 'onlineArchive'>, placeholder?: string) => (
    <Input value={form[key]} onChange={(_e, d) => set(key)(d.value)} placeholder={placeholder} data-testid={`settings-${key}`} />
  );
  const list = (key: Exclude<keyof SettingsForm, 'sensitivity' | 'onlineArchive'>) => (
    <Textarea value={form[key]} onChange={(_e, d) => set(key)(d.value)} resize="vertical" rows={3} data-testid={`settings-${key}`} />
  );
  const otherIssues = error && Object.keys(issues).every((key) => !Object.values(FIELD_PATHS).includes(key));

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-label="Settings" noValidate>
      <fieldset className={styles.group}>
        <legend className={styles.legend}>What is imported</legend>
        {field('blockedDomains', 'Blocked domains', 'One per line. Mail with anyone in these domains (or subdomains) is never imported.', list('blockedDomains'))}
        {field('lookbackMaxDays', 'Lookback maximum (days)', 'Caps how far back the first sync reads. Empty: no cap.', text('lookbackMaxDays', 'No cap'))}
        {field('retentionDays', 'Retention (days)', 'Stored emails older than this are deleted. Empty: keep.', text('retentionDays', 'Keep'))}
        {field(
          'onlineArchive',
          'Online archives',
          "Also read each user's online archive mailbox. Microsoft serves archives only through Graph beta, which it does not support in production.",
          <Switch
            checked={form.onlineArchive === 'on'}
            onChange={(_e, d) => set('onlineArchive')(d.checked ? 'on' : 'off')}
            label={form.onlineArchive === 'on' ? 'Read' : 'Not read'}
            data-testid="settings-onlineArchive"
          />,
        )}
      </fieldset>
      <fieldset className={styles.group}>
        <legend className={styles.legend}>Automated mail</legend>
        {field(
          'sensitivity',
          'Sensitivity',
          'How much evidence marks mail as machine-sent.',
          <Dropdown
            value={SENSITIVITY[form.sensitivity]}
            selectedOptions={[form.sensitivity]}
            onOptionSelect={(_e, d) => d.optionValue && set('sensitivity')(d.optionValue)}
            data-testid="settings-sensitivity"
          >
            {Object.entries(SENSITIVITY).map(([value, label]) => (
              <Option key={value} value={value}>
                {label}
              </Option>
            ))}
          </Dropdown>,
        )}
        {field('allowSenders', 'Always import senders', 'name@example.com, example.com or news@* - one per line.', list('allowSenders'))}
        {field('allowHeaders', 'Always import headers', 'X-Header or X-Header: text - one per line.', list('allowHeaders'))}
        {field('blockSenders', 'Always skip senders', 'name@example.com, example.com or news@* - one per line.', list('blockSenders'))}
        {field('blockHeaders', 'Always skip headers', 'X-Header or X-Header: text - one per line.', list('blockHeaders'))}
      </fieldset>
      <fieldset className={styles.group}>
        <legend className={styles.legend}>Schedule and network</legend>
        {field('scheduleMinutes', 'Minutes between syncs', 'From 5 to 1440.', text('scheduleMinutes'))}
        {field('proxyUrl', 'HTTPS proxy', 'Empty: the environment\'s HTTPS_PROXY, then the system\'s.', text('proxyUrl', 'http://proxy.example.com:8080'))}
        {field('noProxy', 'No proxy for', 'Comma-separated hosts, .domain or *.', text('noProxy', 'localhost,.corp.example'))}
        {field('extraCaFile', 'Extra CA file', 'Absolute path of a PEM file, for TLS-inspecting proxies.', text('extraCaFile', '/etc/ssl/corp-ca.pem'))}
      </fieldset>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={saving} data-testid="settings-save">
          Save
        </Button>
        {saving ? <Spinner size="tiny" label="Saving…" /> : null}
      </div>
      <div aria-live="polite">
        {saved ? (
          <MessageBar intent="success" data-testid="settings-saved">
            <MessageBarBody>Saved. The changes are in effect now; no restart needed.</MessageBarBody>
          </MessageBar>
        ) : null}
        {error && error.code === 'invalid-input' && !otherIssues ? (
          <Text role="alert" data-testid="settings-invalid">
            Not saved: correct the fields marked above.
          </Text>
        ) : null}
        {error && (error.code !== 'invalid-input' || otherIssues) ? <ErrorMessage error={error} title="Settings not saved" /> : null}
      </div>
      <ConfirmDialog
        open={retention !== null}
        testId="retention-confirm"
        title="Delete stored emails?"
        confirmLabel="Save and delete"
        onCancel={() => setRetention(null)}
        onConfirm={() => {
          setRetention(null);
          void save();
        }}
      >
        <Text data-testid="retention-count">
          With this retention, {retention?.emails.toLocaleString()} stored {retention?.emails === 1 ? 'email' : 'emails'} sent before{' '}
          {retention ? formatDateTime(retention.sentBefore) : ''} {retention?.emails === 1 ? 'is' : 'are'} deleted from MariaDB and Elasticsearch at the next sync
          cycle. This cannot be undone.
        </Text>
      </ConfirmDialog>
    </form>
  );
}
