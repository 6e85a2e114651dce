import { Button, Field, Input, makeStyles, Radio, RadioGroup, Spinner, Textarea, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { MailboxStatus } from '../../../src-shared/domain.js';
import { PREVIEW_MAX_JSON_CHARS, type PreviewSource } from '../../../src-shared/preview.js';
import { localDay, localDayStart } from '../../format.js';
import { EmlDropZone, type EmlFile } from './eml-drop-zone.js';
import { MailboxPicker } from './mailbox-picker.js';

type Kind = PreviewSource['kind'];

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '880px' },
  dates: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  json: { fontFamily: tokens.fontFamilyMonospace },
});

type Problems = Partial<Record<'mailboxes' | 'since' | 'until' | 'json' | 'eml', string>>;

/** The inputs of a preview run; checks them before anything is sent and reports per field. */
export function PreviewSourceForm(props: { mailboxes: readonly MailboxStatus[]; running: boolean; onRun: (source: PreviewSource) => void }) {
  const styles = useStyles();
  const [kind, setKind] = useState<Kind>('mailboxes');
  const [selected, setSelected] = useState<string[]>([]);
  const [since, setSince] = useState(localDay(30));
  const [until, setUntil] = useState(localDay(0));
  const [json, setJson] = useState('');
  const [files, setFiles] = useState<EmlFile[]>([]);
  const [problems, setProblems] = useState<Problems>({});

  const check = (): { source: PreviewSource | null; problems: Problems } => {
    if (kind === 'mailboxes') {
      const found: Problems = {};
      if (selected.length === 0) found.mailboxes = 'Pick at least one mailbox.';
      if (since === '') found.since = 'Enter the first day.';
      if (until === '') found.until = 'Enter the last day.';
      if (since !== '' && until !== '' && since > until) found.until = 'The last day must not be before the first day.';
      // The last day is included: the range ends at the following midnight.
      const source: PreviewSource = { kind, addresses: selected, since: localDayStart(since), until: localDayStart(until, 1) };
      return { source: Object.keys(found).length > 0 ? null : source, problems: found };
    }
    if (kind === 'graphJson') {
      if (json.trim() === '') return { source: null, problems: { json: 'Paste a Graph message, a JSON array, or one envelope per line.' } };
      if (json.length > PREVIEW_MAX_JSON_CHARS) return { source: null, problems: { json: `The text is larger than ${PREVIEW_MAX_JSON_CHARS.toLocaleString()} characters.` } };
      return { source: { kind, text: json }, problems: {} };
    }
    if (files.length === 0) return { source: null, problems: { eml: 'Drop or choose at least one .eml file.' } };
    return { source: { kind, files }, problems: {} };
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { source, problems: found } = check();
    setProblems(found);
    if (source) props.onRun(source);
  };

  return (
    <form className={styles.form} onSubmit={submit} aria-label="Preview input" noValidate>
      <Field label="Messages to preview">
        <RadioGroup layout="horizontal" value={kind} onChange={(_event, data) => setKind(data.value as Kind)} data-testid="preview-source-kind">
          <Radio value="mailboxes" label="Mailboxes and dates" />
          <Radio value="graphJson" label="Pasted Graph JSON" />
          <Radio value="eml" label=".eml files" />
        </RadioGroup>
      </Field>
      {kind === 'mailboxes' ? (
        <>
          <MailboxPicker mailboxes={props.mailboxes} selected={selected} onChange={setSelected} validationMessage={problems.mailboxes} />
          <div className={styles.dates}>
            <Field label="First day" required validationMessage={problems.since} validationState={problems.since ? 'error' : 'none'}>
              <Input type="date" value={since} onChange={(_event, data) => setSince(data.value)} data-testid="preview-since" />
            </Field>
            <Field label="Last day" required validationMessage={problems.until} validationState={problems.until ? 'error' : 'none'}>
              <Input type="date" value={until} onChange={(_event, data) => setUntil(data.value)} data-testid="preview-until" />
            </Field>
          </div>
        </>
      ) : null}
      {kind === 'graphJson' ? (
        <Field
          label="Graph JSON"
          hint='A message as Graph returns it, a JSON array or { "value": [...] } page, or envelopes {"mailbox", "folder", "message"} one per line.'
          validationMessage={problems.json}
          validationState={problems.json ? 'error' : 'none'}
        >
          <Textarea className={styles.json} resize="vertical" rows={10} value={json} onChange={(_event, data) => setJson(data.value)} data-testid="preview-json" />
        </Field>
      ) : null}
      {kind === 'eml' ? <EmlDropZone files={files} onChange={setFiles} validationMessage={problems.eml} /> : null}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={props.running} data-testid="preview-run">
          Run preview
        </Button>
        {props.running ? <Spinner size="tiny" label="Deciding messages…" /> : null}
      </div>
    </form>
  );
}
