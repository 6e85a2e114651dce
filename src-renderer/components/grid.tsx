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
  cell: { overflowWrap: 'anywhere', paddingBlock: '6px' },
});

/**
 * A Fluent DataGrid with sortable headers and keyboard navigation (arrow keys between cells,
 * Tab into a cell's button). Rows carry `rowTestId` so page models can find them.
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
}) {
  const styles = useStyles();
  return (
    <div className={styles.scroller}>
      <DataGrid
        items={[...props.items]}
        columns={props.columns}
        getRowId={props.getRowId}
        sortable={props.sortable ?? false}
        {...(props.defaultSort ? { defaultSortState: props.defaultSort } : {})}
        {...(props.columnSizing ? { resizableColumns: true, columnSizingOptions: props.columnSizing } : {})}
        focusMode="composite"
        aria-label={props['aria-label']}
        data-testid={props.testId}
        size="small"
      >
        <DataGridHeader>
          <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
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
