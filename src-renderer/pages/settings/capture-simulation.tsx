/**
 * "Simulate a change": runs capture.simulate with a draft on live mailboxes for a date range or on
 * pasted Graph JSON, and lists what would newly be imported or skipped, with counts by reason.
 * Nothing is saved or stored; the draft is not applied.
 */
import { Button, Field, Input, makeStyles, Spinner, Text, Textarea, tokens, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import type { CaptureDraft, SimulationResult } from '../../../src-shared/capture-api.js';
import type { AppErrorShape } from '../../../src-shared/errors.js';
import type { PreviewSource } from '../../../src-shared/preview.js';
import { useApi } from '../../api-context.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorMessage } from '../../components/error-message.js';
import { toDisplayError } from '../../use-api-query.js';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, border: `1px solid ${tokens.colorBrandStroke1}`, padding: tokens.spacingHorizontalL, borderRadius: tokens.borderRadiusMedium },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
});

function counts(byCode: Record<string, number>): string {
  const entries = Object.entries(byCode);
  return entries.length === 0 ? 'none' : entries.map(([code, n]) => `${code}: ${n}`).join(', ');
}

export function CaptureSimulation(props: { draft: CaptureDraft; onClose: () => void }) {
  const api = useApi();
  const styles = useStyles();
  const [mailbox, setMailbox] = useState('');
  const [since, setSince] = useState(() => new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10));
  const [pasted, setPasted] = useState('');
  const [result, setResult] = useState<SimulationResult | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [running, setRunning] = useState(false);

  const run = async () => {
    const source: PreviewSource = pasted.trim() !== '' ? { kind: 'graphJson', text: pasted } : { kind: 'mailboxes', addresses: [mailbox.trim().toLowerCase()], since };
    setRunning(true);
    setError(null);
    try {
      setResult(await api['capture.simulate']({ draft: props.draft, source }));
    } catch (caught) {
      setError(toDisplayError(caught));
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className={styles.box} data-testid="capture-simulation" role="region" aria-label="Simulate a change">
      <Text weight="semibold">Simulate this change (nothing is saved or stored)</Text>
      <div className={styles.row}>
        <Field label="Mailbox">
          <Input value={mailbox} onChange={(_e, d) => setMailbox(d.value)} placeholder="rep@ourco.example" data-testid="simulate-mailbox" />
        </Field>
        <Field label="Since">
          <Input type="date" value={since} onChange={(_e, d) => setSince(d.value)} data-testid="simulate-since" />
        </Field>
      </div>
      <Field label="Or paste Graph messages (JSON)">
        <Textarea value={pasted} onChange={(_e, d) => setPasted(d.value)} rows={3} data-testid="simulate-json" />
      </Field>
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => void run()} disabled={running} data-testid="simulate-run">
          Simulate
        </Button>
        <Button onClick={props.onClose}>Close</Button>
        {running ? <Spinner size="tiny" label="Deciding…" /> : null}
      </div>
      {error ? <ErrorMessage error={error} title="Could not simulate" /> : null}
      {result ? (
        <div data-testid="simulate-result">
          <Text block>
            {result.current.total} messages: {result.current.imported} imported now, {result.draft.imported} with the change.
          </Text>
          <Text block data-testid="simulate-newly-imported">Newly imported: {result.newlyImported} ({counts(result.byReason.newlyImported)})</Text>
          <Text block data-testid="simulate-newly-skipped">Newly skipped: {result.newlySkipped} ({counts(result.byReason.newlySkipped)})</Text>
          {result.truncated ? <Text block>The range holds more messages than a simulation reads; narrow it to see the rest.</Text> : null}
          <DataTable aria-label="Messages the change affects" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Change</TableHeaderCell>
                <TableHeaderCell>Message</TableHeaderCell>
                <TableHeaderCell>Why</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {result.changes.map((c) => {
                const reason = (c.change === 'newly-skipped' ? c.draft : c.current).reasons[0];
                return (
                  <TableRow key={`${c.mailbox ?? ''}:${c.id}`}>
                    <TableCell>{c.change}</TableCell>
                    <TableCell>{c.captured ? `${c.captured.subject} (${c.captured.from})` : c.id}</TableCell>
                    <TableCell>
                      {reason?.code}: {reason?.detail}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </DataTable>
        </div>
      ) : null}
    </div>
  );
}
