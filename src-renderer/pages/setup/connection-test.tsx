import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { ConnectionTest } from '../../../src-shared/setup.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { toDisplayError } from '../../use-api-query.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  url: { minWidth: '360px' },
});

const FAILURE: Record<Extract<ConnectionTest, { ok: false }>['failure'], string> = {
  'invalid-url': 'The URL is not valid',
  dns: 'The host name does not resolve',
  refused: 'The connection was refused',
  timeout: 'The server did not answer in time',
  tls: 'TLS failed',
  auth: 'The server refused the user or password',
  version: 'The server version is not supported',
  database: 'The database is not usable',
  other: 'The connection failed',
};

/** A "Test connection" button for MariaDB or Elasticsearch: what worked, or exactly what failed. */
export function ConnectionTestForm(props: { kind: 'database' | 'search'; placeholder: string; label: string }) {
  const api = useApi();
  const styles = useStyles();
  const [url, setUrl] = useState('');
  const [caFile, setCaFile] = useState('');
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const method = props.kind === 'database' ? 'database.test' : 'search.test';

  const test = async () => {
    setTesting(true);
    setResult(null);
    try {
      setResult(await api[method]({ ...(url.trim() ? { url: url.trim() } : {}), ...(caFile.trim() ? { caFile: caFile.trim() } : {}) }));
      setError(null);
    } catch (caught) {
      setError(toDisplayError(caught));
    } finally {
      setTesting(false);
    }
  };

  return (
    <div className={styles.root} data-testid={`${props.kind}-test`}>
      <div className={styles.row}>
        <Field label={props.label} hint="Empty: the connection in use.">
          <Input className={styles.url} value={url} onChange={(_e, d) => setUrl(d.value)} placeholder={props.placeholder} data-testid={`${props.kind}-test-url`} />
        </Field>
        <Field label="CA file (optional)">
          <Input value={caFile} onChange={(_e, d) => setCaFile(d.value)} placeholder="/etc/ssl/db-ca.pem" />
        </Field>
        <Button onClick={() => void test()} disabled={testing} data-testid={`${props.kind}-test-run`}>
          Test connection
        </Button>
        {testing ? <Spinner size="tiny" label="Testing…" /> : null}
      </div>
      <div aria-live="polite">
        {result ? (
          <MessageBar intent={result.ok ? 'success' : 'error'} layout="multiline" data-testid={`${props.kind}-test-result`} data-failure={result.ok ? '' : result.failure}>
            <MessageBarBody>
              <MessageBarTitle>{result.ok ? `Connected (${result.serverVersion})` : FAILURE[result.failure]}</MessageBarTitle>
              {result.message}
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      {error ? <ErrorMessage error={error} title="The test could not run" /> : null}
    </div>
  );
}
