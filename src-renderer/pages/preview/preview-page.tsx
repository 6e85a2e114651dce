import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import type { PreviewResultView, PreviewSource } from '../../../src-shared/preview.js';
import { useApi } from '../../api-context.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import { toDisplayError, useApiQuery } from '../../use-api-query.js';
import { PreviewResults } from './preview-results.js';
import { PreviewSourceForm } from './preview-source-form.js';

const useStyles = makeStyles({ root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL } });

type Run = { state: 'idle' } | { state: 'running' } | { state: 'done'; result: PreviewResultView } | { state: 'failed'; error: AppErrorShape };

/** Rule preview: what would be imported if these mailboxes were turned on, decided now and stored nowhere. */
export function PreviewPage() {
  const styles = useStyles();
  const api = useApi();
  const mailboxes = useApiQuery(() => api['mailboxes.list']({}), 'preview-mailboxes');
  const [run, setRun] = useState<Run>({ state: 'idle' });

  const start = async (source: PreviewSource) => {
    setRun({ state: 'running' });
    try {
      setRun({ state: 'done', result: await api['preview.run']({ source }) });
    } catch (error) {
      setRun({ state: 'failed', error: toDisplayError(error) });
    }
  };

  return (
    <div className={styles.root}>
      <Text as="p">
        See what the rules would import, with the reason for every message, without storing anything. Read live mailboxes for a date range, or paste Graph
        JSON, or drop .eml files.
      </Text>
      {mailboxes.error ? <ErrorMessage error={mailboxes.error} title="Could not list the mailboxes" /> : null}
      {mailboxes.status === 'loading' && !mailboxes.data ? <Loading label="Reading mailboxes" /> : null}
      <PreviewSourceForm mailboxes={mailboxes.data?.items ?? []} running={run.state === 'running'} onRun={(source) => void start(source)} />
      <div aria-live="polite">
        {run.state === 'failed' ? <ErrorMessage error={run.error} title="The preview could not run" /> : null}
      </div>
      {run.state === 'done' ? <PreviewResults result={run.result} /> : null}
    </div>
  );
}
