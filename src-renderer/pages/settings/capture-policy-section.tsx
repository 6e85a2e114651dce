/**
 * Settings > Capture policy: Outlook sensitivity per value, sensitive content per kind, the
 * mass-mail limit, the exclusion lists, and "Simulate" - what a change would do before it is
 * saved (capture.simulate stores nothing). Saving the knobs is a settings.update of capturePolicy.
 */
import { Button, Dropdown, Field, Input, makeStyles, MessageBar, MessageBarBody, Option, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import type { Settings } from '../../../src-shared/settings.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { toDisplayError } from '../../use-api-query.js';
import { CaptureExclusionsEditor } from './capture-exclusions-editor.js';
import { capturePolicyFormOf, capturePolicyOf, type CapturePolicyForm } from './capture-policy-form.js';
import { CaptureSimulation } from './capture-simulation.js';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '960px', marginTop: tokens.spacingVerticalXXL },
  group: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))',
    gap: tokens.spacingHorizontalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalL,
    margin: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, paddingInline: tokens.spacingHorizontalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

type Choice = keyof Omit<CapturePolicyForm, 'maxRecipients'>;

const LABELS: Record<Choice, string> = {
  personal: 'Marked Personal',
  private: 'Marked Private',
  confidential: 'Marked Confidential',
  paymentCard: 'Payment card numbers',
  iban: 'IBANs',
  usSsn: 'US social security numbers',
};

export function CapturePolicySection(props: { initial: Settings }) {
  const api = useApi();
  const styles = useStyles();
  const [form, setForm] = useState<CapturePolicyForm>(() => capturePolicyFormOf(props.initial.capturePolicy));
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [saved, setSaved] = useState(false);
  const [simulating, setSimulating] = useState(false);

  const choose = (key: Choice, options: readonly string[]) => (
    <Field label={LABELS[key]} key={key}>
      <Dropdown
        value={form[key]}
        selectedOptions={[form[key]]}
        onOptionSelect={(_e, d) => {
          setSaved(false);
          if (d.optionValue) setForm((f) => ({ ...f, [key]: d.optionValue }));
        }}
        data-testid={`capture-${key}`}
      >
        {options.map((o) => (
          <Option key={o} value={o}>
            {o}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );

  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      const next = await api['settings.update']({ capturePolicy: capturePolicyOf(form) });
      setForm(capturePolicyFormOf(next.capturePolicy));
      setSaved(true);
    } catch (caught) {
      setError(toDisplayError(caught));
    }
  };

  return (
    <section className={styles.section} aria-label="Capture policy" data-testid="capture-policy">
      <Text as="h2" size={500} weight="semibold">
        Capture policy
      </Text>
      <fieldset className={styles.group}>
        <legend className={styles.legend}>Outlook sensitivity</legend>
        {choose('personal', ['import', 'skip'])}
        {choose('private', ['import', 'skip'])}
        {choose('confidential', ['import', 'skip'])}
      </fieldset>
      <fieldset className={styles.group}>
        <legend className={styles.legend}>Sensitive content (mask: stored with the number removed)</legend>
        {choose('paymentCard', ['mask', 'skip'])}
        {choose('iban', ['mask', 'skip'])}
        {choose('usSsn', ['mask', 'skip'])}
      </fieldset>
      <fieldset className={styles.group}>
        <legend className={styles.legend}>Mass mail</legend>
        <Field label="More recipients than" hint="Inbound mail from a sender not in the CRM to more recipients is skipped. Empty: off.">
          <Input value={form.maxRecipients} onChange={(_e, d) => setForm((f) => ({ ...f, maxRecipients: d.value }))} data-testid="capture-maxRecipients" />
        </Field>
      </fieldset>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={() => void save()} data-testid="capture-save">
          Save capture policy
        </Button>
        <Button onClick={() => setSimulating(true)} data-testid="capture-simulate-open">
          Simulate this change
        </Button>
      </div>
      {saved ? (
        <MessageBar intent="success" data-testid="capture-saved">
          <MessageBarBody>Saved. The next sync applies it.</MessageBarBody>
        </MessageBar>
      ) : null}
      {error ? <ErrorMessage error={error} title="Capture policy not saved" /> : null}
      {simulating ? <CaptureSimulation draft={{ capturePolicy: capturePolicyOf(form) }} onClose={() => setSimulating(false)} /> : null}
      <CaptureExclusionsEditor />
    </section>
  );
}
