import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { CycleHealth } from '../../../src-shared/api.js';
import { formatBytes, formatDateTime } from '../../format.js';

/**
 * Header-first capture per cycle (issue 21): how many messages were decided on their envelope
 * (their body never downloaded) and how many on their content, and the bytes received from Graph.
 */
export function CycleStagesTable({ cycles }: { cycles: readonly CycleHealth[] }) {
  const shown = cycles.slice(0, 10);
  return (
    <Table size="small" aria-label="Messages decided per stage and bytes received, per cycle" data-testid="health-cycle-stages">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Cycle finished</TableHeaderCell>
          <TableHeaderCell>Read</TableHeaderCell>
          <TableHeaderCell>Decided on the envelope</TableHeaderCell>
          <TableHeaderCell>Decided on the content</TableHeaderCell>
          <TableHeaderCell>Received from Graph</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {shown.map((item) => (
          <TableRow key={item.finishedAt}>
            <TableCell>{formatDateTime(item.finishedAt)}</TableCell>
            <TableCell>{item.cycle.read}</TableCell>
            <TableCell data-testid="cycle-envelope">{item.cycle.decidedAtEnvelope}</TableCell>
            <TableCell data-testid="cycle-content">{item.cycle.decidedAtContent}</TableCell>
            <TableCell data-testid="cycle-bytes">
              <Text title={`${item.cycle.bytesReceived} bytes`}>{formatBytes(item.cycle.bytesReceived)}</Text>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
