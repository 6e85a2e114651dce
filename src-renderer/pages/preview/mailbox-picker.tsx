import { Combobox, Field, makeStyles, Option, Tag, TagGroup, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { MailboxStatus } from '../../../src-shared/domain.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  combobox: { minWidth: '360px' },
});

/** Shown at once; typing narrows the list (tenants have thousands of mailboxes). */
const MAX_OPTIONS = 50;

/** Pick mailboxes by typing part of an address or name; the picked ones show as removable tags. */
export function MailboxPicker(props: {
  mailboxes: readonly MailboxStatus[];
  selected: string[];
  onChange: (selected: string[]) => void;
  validationMessage?: string | undefined;
}) {
  const styles = useStyles();
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const options = props.mailboxes
    .filter((m) => needle === '' || m.address.includes(needle) || m.displayName.toLowerCase().includes(needle))
    .slice(0, MAX_OPTIONS);
  return (
    <div className={styles.root}>
      <Field
        label="Mailboxes"
        required
        hint="Type part of an address or a name. Mailboxes that are not opted in can be previewed too."
        validationMessage={props.validationMessage}
        validationState={props.validationMessage ? 'error' : 'none'}
      >
        <Combobox
          className={styles.combobox}
          multiselect
          freeform
          placeholder="Find mailboxes"
          value={query}
          selectedOptions={props.selected}
          onChange={(event) => setQuery(event.target.value)}
          onOptionSelect={(_event, data) => {
            props.onChange(data.selectedOptions);
            setQuery('');
          }}
          data-testid="preview-mailbox-picker"
        >
          {options.map((m) => {
            const label = m.displayName ? `${m.displayName} <${m.address}>` : m.address;
            return (
              <Option key={m.address} value={m.address} text={label}>
                {label}
              </Option>
            );
          })}
          {options.length === 0 ? <Option disabled value="" text="">No mailbox matches</Option> : null}
        </Combobox>
      </Field>
      {props.selected.length > 0 ? (
        <TagGroup
          aria-label="Selected mailboxes"
          onDismiss={(_event, data) => props.onChange(props.selected.filter((address) => address !== data.value))}
          data-testid="preview-selected-mailboxes"
        >
          {props.selected.map((address) => (
            <Tag key={address} value={address} dismissible dismissIcon={{ 'aria-label': `Remove ${address}` }} size="small">
              {address}
            </Tag>
          ))}
        </TagGroup>
      ) : null}
    </div>
  );
}
