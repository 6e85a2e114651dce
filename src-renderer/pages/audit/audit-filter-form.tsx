import { Button, Dropdown, Field, Input, makeStyles, Option, tokens } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { AUDIT_ACTION_LABELS, AUDIT_ACTION_NAMES, auditActionLabel } from '../../../src-shared/audit-actions.js';
import { filterProblems, type AuditFilter } from './audit-filter.js';

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  actions: { gridColumn: 'span 2', minWidth: 0 },
  dropdown: { minWidth: 0, width: '100%' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, alignSelf: 'end' },
});

/** The filter's fields; applying checks the range first and says what to fix next to the field. */
export function AuditFilterForm(props: { applied: AuditFilter; onApply: (filter: AuditFilter) => void }) {
  const styles = useStyles();
  const [draft, setDraft] = useState<AuditFilter>(props.applied);
  const [problems, setProblems] = useState<ReturnType<typeof filterProblems>>({});
  // Back/forward changes the applied filter: the form follows.
  useEffect(() => setDraft(props.applied), [props.applied]);
  const set = (key: 'from' | 'to' | 'actor' | 'mailbox') => (_e: unknown, data: { value: string }) => setDraft((d) => ({ ...d, [key]: data.value }));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = filterProblems(draft);
    setProblems(found);
    if (Object.keys(found).length === 0) props.onApply(draft);
  };
  const chosen = draft.actions.map(auditActionLabel);
  return (
    <form className={styles.form} onSubmit={apply} aria-label="Audit filter" noValidate>
      <Field label="From (day)">
        <Input type="date" value={draft.from} onChange={set('from')} data-testid="audit-from" />
      </Field>
      <Field label="To (day, included)" validationMessage={problems.to} validationState={problems.to ? 'error' : 'none'}>
        <Input type="date" value={draft.to} onChange={set('to')} data-testid="audit-to" />
      </Field>
      <Field label="Actions" className={styles.actions} hint="None chosen: every action.">
        <Dropdown
          className={styles.dropdown}
          multiselect
          placeholder="All actions"
          value={chosen.length === 0 ? '' : chosen.length <= 2 ? chosen.join(', ') : `${chosen.length} actions`}
          selectedOptions={draft.actions}
          onOptionSelect={(_e, data) => setDraft((d) => ({ ...d, actions: data.selectedOptions }))}
          data-testid="audit-actions"
        >
          {AUDIT_ACTION_NAMES.map((action) => (
            <Option key={action} value={action} text={AUDIT_ACTION_LABELS[action]}>
              {AUDIT_ACTION_LABELS[action]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Actor">
        <Input value={draft.actor} onChange={set('actor')} placeholder="name or address" data-testid="audit-actor" />
      </Field>
      <Field label="Mailbox">
        <Input value={draft.mailbox} onChange={set('mailbox')} placeholder="name@example.com" data-testid="audit-mailbox" />
      </Field>
      <div className={styles.buttons}>
        <Button type="submit" appearance="primary" data-testid="audit-apply">
          Apply
        </Button>
        <Button
          type="button"
          onClick={() => {
            setProblems({});
            props.onApply({ from: '', to: '', actions: [], actor: '', mailbox: '' });
          }}
          data-testid="audit-clear"
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
