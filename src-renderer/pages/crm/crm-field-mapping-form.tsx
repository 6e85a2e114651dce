import { Button, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { CrmFieldMapping } from '../../../src-shared/crm-connection.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { toDisplayError } from '../../use-api-query.js';

const useStyles = makeStyles({ root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '560px' } });

const split = (text: string) => text.split(',').map((v) => v.trim()).filter((v) => v !== '');

/** Which CRM fields hold an account's domains, which stages count as open, who is opted in. Saving makes the next refresh a full one. */
export function CrmFieldMappingForm(props: { mapping: CrmFieldMapping; onSaved: () => void }) {
  const api = useApi();
  const styles = useStyles();
  const [domains, setDomains] = useState(props.mapping.accountDomainFields.join(', '));
  const [stages, setStages] = useState((props.mapping.openStages ?? []).join(', '));
  const [optIn, setOptIn] = useState(props.mapping.userOptInField ?? '');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);

  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      const openStages = split(stages);
      await api['crm.setFieldMapping']({ accountDomainFields: split(domains), openStages: openStages.length > 0 ? openStages : null, userOptInField: optIn.trim() || null });
      setSaved(true);
      props.onSaved();
    } catch (caught) {
      setError(toDisplayError(caught));
    }
  };

  return (
    <section className={styles.root} aria-labelledby="crm-mapping-heading" data-testid="crm-mapping">
      <Text as="h3" size={400} weight="semibold" id="crm-mapping-heading">
        Field mapping
      </Text>
      <Field label="Account fields holding domains" hint="Comma-separated API names; a URL, a domain or a ;-separated list each.">
        <Input value={domains} onChange={(_e, d) => setDomains(d.value)} data-testid="crm-mapping-domains" />
      </Field>
      <Field label="Open opportunity stages" hint="Empty: the CRM's own closed flag decides.">
        <Input value={stages} onChange={(_e, d) => setStages(d.value)} data-testid="crm-mapping-stages" />
      </Field>
      <Field label="User opt-in field" hint="A checkbox field on users; empty: every active user.">
        <Input value={optIn} onChange={(_e, d) => setOptIn(d.value)} data-testid="crm-mapping-opt-in" />
      </Field>
      <div>
        <Button onClick={() => void save()} data-testid="crm-mapping-save">
          Save mapping
        </Button>
      </div>
      {saved ? <Text aria-live="polite">Saved; the next refresh reads everything with the new mapping.</Text> : null}
      {error ? <ErrorMessage error={error} title="The mapping was not saved" /> : null}
    </section>
  );
}
