import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { ApiInput } from '../../../src-shared/api.js';

export type EngagementCriteria = Pick<ApiInput<'emails.search'>, 'account' | 'opportunity' | 'owner' | 'participant' | 'text'>;
type Key = keyof EngagementCriteria;

const FIELDS: { key: Key; label: string; placeholder: string }[] = [
  { key: 'text', label: 'Words', placeholder: 'in the subject or body' },
  { key: 'account', label: 'Account', placeholder: 'name or CRM id' },
  { key: 'opportunity', label: 'Opportunity', placeholder: 'CRM id' },
  { key: 'owner', label: 'Owner', placeholder: 'address or name' },
  { key: 'participant', label: 'Participant', placeholder: 'address or domain' },
];

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

/** Criteria for the engagement search; every filled field must match. */
export function EngagementSearchForm(props: { busy: boolean; onSearch: (criteria: EngagementCriteria) => void }) {
  const styles = useStyles();
  const [values, setValues] = useState<Record<Key, string>>({ text: '', account: '', opportunity: '', owner: '', participant: '' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const criteria: EngagementCriteria = {};
    for (const { key } of FIELDS) if (values[key].trim() !== '') criteria[key] = values[key].trim();
    props.onSearch(criteria);
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-label="Search engagements" role="search">
      {FIELDS.map((field) => (
        <Field key={field.key} label={field.label}>
          <Input
            value={values[field.key]}
            placeholder={field.placeholder}
            onChange={(_event, data) => setValues({ ...values, [field.key]: data.value })}
            data-testid={`search-${field.key}`}
          />
        </Field>
      ))}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={props.busy} data-testid="search-submit">
          Search
        </Button>
        <Button
          type="button"
          onClick={() => {
            setValues({ text: '', account: '', opportunity: '', owner: '', participant: '' });
            props.onSearch({});
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
