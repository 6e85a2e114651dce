import { Button, Dropdown, Field, makeStyles, MessageBar, MessageBarBody, Option, Spinner, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { opportunityLabel, type EmailDetail } from '../../../src-shared/engagement.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import { toDisplayError, useApiQuery } from '../../use-api-query.js';

const NONE = '(none)';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
  field: { minWidth: '280px' },
});

/** Moves the email to another opportunity and/or owner; picking an opportunity suggests its owner. */
export function ReassignForm(props: { email: EmailDetail; onReassigned: (email: EmailDetail) => void }) {
  const api = useApi();
  const styles = useStyles();
  const options = useApiQuery(() => api['emails.reassignOptions']({ id: props.email.id }), `reassign-options:${props.email.id}`);
  const [opportunity, setOpportunity] = useState<string>(props.email.opportunity?.id ?? NONE);
  const [owner, setOwner] = useState<string>(props.email.assignedTo ?? '');
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; error: AppErrorShape }>({ kind: 'idle' });

  if (options.error) return <ErrorMessage error={options.error} title="Could not read the opportunities and owners" />;
  if (!options.data) return <Loading label="Reading opportunities and owners" />;
  const { opportunities, owners } = options.data;
  const label = (id: string) => {
    const o = opportunities.find((candidate) => candidate.id === id);
    if (!o) return id;
    return o.known ? opportunityLabel(o) : `${o.id} (no longer in the CRM)`;
  };
  const ownerLabel = (address: string) => {
    const found = owners.find((o) => o.address === address);
    return found && found.name ? `${found.name} <${address}>` : address;
  };
  const currentOpportunity = props.email.opportunity?.id ?? NONE;
  const unchanged = opportunity === currentOpportunity && owner === (props.email.assignedTo ?? '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState({ kind: 'saving' });
    try {
      const updated = await api['emails.reassign']({
        id: props.email.id,
        ...(opportunity !== currentOpportunity ? { opportunityId: opportunity === NONE ? null : opportunity } : {}),
        ...(owner !== '' && owner !== props.email.assignedTo ? { assignedTo: owner } : {}),
      });
      setState({ kind: 'saved' });
      props.onReassigned(updated);
    } catch (error) {
      setState({ kind: 'failed', error: toDisplayError(error) });
    }
  };

  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} aria-label="Reassign this email">
      <Field label="Opportunity" className={styles.field}>
        <Dropdown
          value={opportunity === NONE ? 'No opportunity' : label(opportunity)}
          selectedOptions={[opportunity]}
          onOptionSelect={(_event, data) => {
            const next = data.optionValue ?? NONE;
            setOpportunity(next);
            const suggested = opportunities.find((o) => o.id === next)?.ownerEmail;
            if (suggested && owners.some((o) => o.address === suggested)) setOwner(suggested);
          }}
          data-testid="reassign-opportunity"
        >
          <Option value={NONE} text="No opportunity">No opportunity</Option>
          {opportunities.map((o) => (
            <Option key={o.id} value={o.id} text={label(o.id)}>
              {label(o.id)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Owner" className={styles.field}>
        <Dropdown
          value={owner === '' ? '' : ownerLabel(owner)}
          placeholder="Choose an owner"
          selectedOptions={owner === '' ? [] : [owner]}
          onOptionSelect={(_event, data) => setOwner(data.optionValue ?? '')}
          data-testid="reassign-owner"
        >
          {owners.map((o) => (
            <Option key={o.address} value={o.address} text={ownerLabel(o.address)}>
              {ownerLabel(o.address)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Button type="submit" appearance="primary" disabled={unchanged || state.kind === 'saving'} data-testid="reassign-save">
        Reassign
      </Button>
      {state.kind === 'saving' ? <Spinner size="tiny" label="Saving…" /> : null}
      <div aria-live="polite">
        {state.kind === 'saved' ? (
          <MessageBar intent="success" data-testid="reassign-saved">
            <MessageBarBody>Reassigned. The change is recorded with your name and the time.</MessageBarBody>
          </MessageBar>
        ) : null}
        {state.kind === 'failed' ? <ErrorMessage error={state.error} title="Could not reassign the email" /> : null}
      </div>
    </form>
  );
}
