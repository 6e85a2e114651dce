import { makeStyles, Table, type TableProps } from '@fluentui/react-components';

const useStyles = makeStyles({
  scroller: { overflowX: 'auto', maxWidth: '100%' },
  table: {
    tableLayout: 'auto',
    '& td, & th': { overflowWrap: 'anywhere' },
  },
});

/** A Fluent Table that sizes columns to their content (addresses are long) and scrolls when narrow. */
export function DataTable(props: TableProps & { 'aria-label': string }) {
  const styles = useStyles();
  return (
    <div className={styles.scroller}>
      <Table {...props} className={styles.table} />
    </div>
  );
}
