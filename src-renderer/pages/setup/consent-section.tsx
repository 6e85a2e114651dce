import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, tokens, type MessageBarIntent } from '@fluentui/react-components';
import { useState } from 'react';
import type { ConsentOutcome, SignInOutcome } from '../../../src-shared/setup.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { toDisplayError } from '../../use-api-query.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  link: { overflowWrap: 'anywhere', fontFamily: tokens.fontFamilyMonospace },
});

const OUTCOME: Record<ConsentOutcome['outcome'], { title: string; intent: MessageBarIntent }> = {
  granted: { title: 'Consent granted', intent: 'success' },
  denied: { title: 'Consent denied', intent: 'error' },
  'wrong-tenant': { title: 'Signed in to another tenant', intent: 'error' },
  'timed-out': { title: 'No answer in time', intent: 'warning' },
  cancelled: { title: 'Cancelled', intent: 'warning' },
  failed: { title: 'Could not connect', intent: 'error' },
};

/**
 * "Connect organisation": the core opens the system browser on the machine it runs on (which may
 * not be this one, in the headless console), so the link can also be copied and forwarded to a
 * Global Administrator.
 */
export function ConsentSection(props: { onChanged: () => void }) {
  const api = useApi();
  const styles = useStyles();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<ConsentOutcome | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [signIn, setSignIn] = useState<SignInOutcome | null>(null);

  /** Both browser flows: one at a time, the previous outcome cleared, the setup state re-read after. */
  const runInBrowser = async <T,>(show: (value: T | null) => void, call: () => Promise<T>) => {
    setRunning(true);
    show(null);
    try {
      show(await call());
      setError(null);
      props.onChanged();
    } catch (caught) {
      setError(toDisplayError(caught));
    } finally {
      setRunning(false);
    }
  };
  const signInAdmin = () => runInBrowser(setSignIn, () => api['admin.signIn']({}));
  const connect = () => runInBrowser(setOutcome, () => api['consent.start']({}));

  const copyLink = async () => {
    try {
      const { url } = await api['consent.link']({});
      setLink(url);
      setError(null);
      setCopied(await navigator.clipboard.writeText(url).then(() => true, () => false));
    } catch (caught) {
      setError(toDisplayError(caught));
    }
  };

  return (
    <div className={styles.root}>
      <Text>
        A Global Administrator grants the app read access to mail once. The browser opens on the machine running Correspondent. Signing in first (optional)
        records who connected the organisation.
      </Text>
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => void connect()} disabled={running} data-testid="consent-start">
          Connect organisation
        </Button>
        <Button onClick={() => void copyLink()} data-testid="consent-link">
          Copy consent link
        </Button>
        <Button appearance="subtle" onClick={() => void signInAdmin()} disabled={running} data-testid="admin-sign-in" title="Optional: records who connected the tenant">
          Sign in as administrator
        </Button>
        {running ? <Spinner size="tiny" label="Waiting for the administrator…" /> : null}
      </div>
      <div aria-live="polite">
        {outcome ? (
          <MessageBar intent={OUTCOME[outcome.outcome].intent} layout="multiline" data-testid="consent-outcome" data-outcome={outcome.outcome}>
            <MessageBarBody>
              <MessageBarTitle>{OUTCOME[outcome.outcome].title}</MessageBarTitle>
              {outcome.message}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {signIn ? (
          <MessageBar intent={signIn.outcome === 'signed-in' ? 'success' : 'warning'} layout="multiline" data-testid="admin-sign-in-outcome">
            <MessageBarBody>
              {signIn.outcome === 'signed-in' ? `Signed in as ${signIn.username}: the consent and the audit log will name you.` : signIn.message}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {link ? (
          <Text block data-testid="consent-link-text">
            {copied ? 'Copied: ' : 'Copy this link: '}
            <span className={styles.link}>{link}</span>
          </Text>
        ) : null}
      </div>
      {error ? <ErrorMessage error={error} title="Consent" /> : null}
    </div>
  );
}
