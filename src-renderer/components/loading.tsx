import { Spinner } from '@fluentui/react-components';

export function Loading(props: { label: string }) {
  return <Spinner size="small" label={props.label} data-testid="loading" />;
}
