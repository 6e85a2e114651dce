import { Button, Field, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { useRef, useState, type DragEvent } from 'react';
import { PREVIEW_MAX_EML_CHARS, PREVIEW_MAX_EML_FILES } from '../../../src-shared/preview.js';

export type EmlFile = { name: string; text: string };

const useStyles = makeStyles({
  zone: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalXXL,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  active: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  hidden: { display: 'none' },
});

/**
 * .eml files dropped here or chosen with the button are read as text in the browser and sent
 * through the Api (the core parses them). Oversized files are refused here with their names.
 */
export function EmlDropZone(props: { files: EmlFile[]; onChange: (files: EmlFile[]) => void; validationMessage?: string | undefined }) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);

  const add = async (list: FileList | null) => {
    if (!list) return;
    const chosen = [...list].filter((file) => file.name.toLowerCase().endsWith('.eml'));
    const tooBig = chosen.filter((file) => file.size > PREVIEW_MAX_EML_CHARS);
    const read = await Promise.all(chosen.filter((file) => file.size <= PREVIEW_MAX_EML_CHARS).map(async (file) => ({ name: file.name, text: await file.text() })));
    const merged = [...props.files.filter((f) => !read.some((r) => r.name === f.name)), ...read].slice(0, PREVIEW_MAX_EML_FILES);
    const skipped = list.length - chosen.length;
    const notes = [
      tooBig.length > 0 ? `${tooBig.map((f) => f.name).join(', ')}: larger than ${Math.round(PREVIEW_MAX_EML_CHARS / 1000)} KB` : null,
      skipped > 0 ? `${skipped} file(s) without the .eml extension ignored` : null,
    ].filter((note): note is string => note !== null);
    setRefused(notes.length > 0 ? notes.join('; ') : null);
    props.onChange(merged);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    void add(event.dataTransfer.files);
  };

  const message = props.validationMessage ?? refused ?? undefined;
  return (
    <Field label=".eml files" validationMessage={message} validationState={message ? 'error' : 'none'} hint={`Up to ${PREVIEW_MAX_EML_FILES} files of ${Math.round(PREVIEW_MAX_EML_CHARS / 1000)} KB each.`}>
      <div
        className={mergeClasses(styles.zone, over && styles.active)}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="preview-eml-zone"
      >
        <Text>Drop .eml files here</Text>
        <Button onClick={() => input.current?.click()}>Choose files…</Button>
        <input
          ref={input}
          className={styles.hidden}
          type="file"
          accept=".eml,message/rfc822"
          multiple
          aria-label="Choose .eml files"
          data-testid="preview-eml-input"
          onChange={(event) => {
            void add(event.target.files);
            event.target.value = '';
          }}
        />
        {props.files.length > 0 ? (
          <Text data-testid="preview-eml-files">
            {props.files.length} file(s): {props.files.map((f) => f.name).join(', ')}
          </Text>
        ) : null}
        {props.files.length > 0 ? (
          <Button appearance="subtle" onClick={() => props.onChange([])}>
            Clear files
          </Button>
        ) : null}
      </div>
    </Field>
  );
}
