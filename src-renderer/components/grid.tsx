import {
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  makeStyles,
  type TableColumnDefinition,
  type TableColumnId,
  type TableColumnSizingOptions,
} from '@fluentui/react-components';

const useStyles = makeStyles({
  scroller: { overflowX: 'auto', maxWidth: '100%' },
  cell: { overflowWrap: 'break-word', wordBreak: 'normal', paddingBlock: '6px', minWidth: 0 },
  header: { whiteSpace: 'nowrap' },
});

/**
 * A Fluent DataGrid with sortable headers. Keyboard: every button in a cell is in the Tab order
 * (focusMode "none"); the composite mode this grid had moved Tab from a focused row to the page
 * body, so a keyboard user could not reach a row's button at all. Rows carry `rowTestId` so page
 * models can find them.
 */
export function Grid<T>(props: {
  items: readonly T[];
  columns: TableColumnDefinition<T>[];
  getRowId: (item: T) => string | number;
  'aria-label': string;
  testId: string;
  rowTestId: string;
  sortable?: boolean;
  defaultSort?: { sortColumn: TableColumnId; sortDirection: 'ascending' | 'descending' };
  /** Column widths; columns become resizable (mouse, or keyboard from the header's menu). */
  columnSizing?: TableColumnSizingOptions;
  /** Narrowest a column gets (px): below, the grid scrolls sideways rather than crushing words. */
  minColumnWidth?: number;
}) {
  const styles = useStyles();
  const minWidth = props.columns.length * (props.minColumnWidth ?? 140);
  return (
    <div className={styles.scroller}>
      <DataGrid
        items={[...props.items]}
        columns={props.columns}
        getRowId={props.getRowId}
        sortable={props.sortable ?? false}
        {...(props.defaultSort ? { defaultSortState: props.defaultSort } : {})}
        {...(props.columnSizing ? { resizableColumns: true, columnSizingOptions: props.columnSizing } : {})}
        focusMode="none"
        aria-label={props['aria-label']}
        data-testid={props.testId}
        style={props.columnSizing ? undefined : { minWidth: `${minWidth}px` }}
        size="small"
      >
        <DataGridHeader>
          <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell className={styles.header}>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
        </DataGridHeader>
        <DataGridBody<T>>
          {({ item, rowId }) => (
            <DataGridRow<T> key={rowId} data-testid={props.rowTestId}>
              {({ renderCell }) => <DataGridCell className={styles.cell}>{renderCell(item)}</DataGridCell>}
            </DataGridRow>
          )}
        </DataGridBody>
      </DataGrid>
    </div>
  );
}
