import { Button, Field, makeStyles, MessageBar, MessageBarBody, Spinner, Text, Textarea, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { issuesByField } from '../../field-issues.js';
import { toDisplayError, useApiQuery } from '../../use-api-query.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '640px' },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

/**
 * The organisation's own domains: mail with nobody outside them is internal and never imported.
 * The tenant's verified domains not yet listed are proposed; the admin edits and saves.
 */
export function OrgDomainsSection(props: { refreshKey: number }) {
  const api = useApi();
  const styles = useStyles();
  const settings = useApiQuery(() => api['settings.get']({}), `org-settings-${props.refreshKey}`);
  const identity = useApiQuery(() => api['organisation.identity']({}), `identity-${props.refreshKey}`);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const current = settings.data?.orgDomains;
  const proposed = identity.data?.proposedOrgDomains ?? [];

  useEffect(() => {
    if (current) setText([...current, ...proposed.filter((d) => !current.includes(d))].join('\n'));
    // The proposal is added once per load; the admin's edits are kept afterwards.
  }, [current, proposed.join('\n')]);

  const save = async () => {
    setSaving(true);
    setSaved(false);
    try {
      const orgDomains = text.split('\n').map((d) => d.trim()).filter((d) => d !== '');
      const next = await api['settings.update']({ orgDomains });
      setText(next.orgDomains.join('\n'));
      setError(null);
      setSaved(true);
    } catch (caught) {
      setError(toDisplayError(caught));
    } finally {
      setSaving(false);
    }
  };

  const issue = issuesByField(error).orgDomains;
  return (
    <div className={styles.root}>
      {identity.error ? <Text>The tenant's verified domains could not be read ({identity.error.message}); enter the domains yourself.</Text> : null}
      {proposed.length > 0 ? <Text data-testid="org-domains-proposed">Proposed from the tenant's verified domains: {proposed.join(', ')}</Text> : null}
      <Field label="Organisation domains" hint="One per line." validationMessage={issue} validationState={issue ? 'error' : 'none'}>
        <Textarea value={text} onChange={(_e, d) => { setText(d.value); setSaved(false); }} rows={4} data-testid="org-domains" />
      </Field>
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => void save()} disabled={saving || !settings.data} data-testid="org-domains-save">
          Save domains
        </Button>
        {saving ? <Spinner size="tiny" label="Saving…" /> : null}
      </div>
      <div aria-live="polite">
        {saved ? (
          <MessageBar intent="success">
            <MessageBarBody>Saved.</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      {error && !issue ? <ErrorMessage error={error} title="The domains were not saved" /> : null}
    </div>
  );
}
