import { makeStyles, Table, type TableProps } from '@fluentui/react-components';

const useStyles = makeStyles({
  scroller: { overflowX: 'auto', maxWidth: '100%' },
  table: {
    tableLayout: 'auto',
    // Words wrap between words, never inside one ("Imp/orte/d"); a long address may still break
    // where it must (break-word only breaks a word that alone exceeds the cell).
    '& td': { overflowWrap: 'break-word', wordBreak: 'normal' },
    '& th': { whiteSpace: 'nowrap' },
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
