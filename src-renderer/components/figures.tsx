import { makeStyles, Text, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  figures: { display: 'flex', gap: tokens.spacingHorizontalXXL, flexWrap: 'wrap', margin: 0 },
  figure: { display: 'flex', flexDirection: 'column', margin: 0 },
  value: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
});

/** Big numbers with labels, as a description list: `<valuePrefix>-<id>` (default: testId) marks each value. */
export function Figures(props: { items: { id: string; label: string; value: string }[]; testId: string; label: string; valuePrefix?: string }) {
  const styles = useStyles();
  const prefix = props.valuePrefix ?? props.testId;
  return (
    <dl className={styles.figures} data-testid={props.testId} aria-label={props.label}>
      {props.items.map((item) => (
        <div key={item.id} className={styles.figure}>
          <dt>
            <Text size={200}>{item.label}</Text>
          </dt>
          <dd className={styles.value} data-testid={`${prefix}-${item.id}`}>
            {item.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
