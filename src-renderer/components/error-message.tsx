import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { AppErrorShape } from '../../src-shared/errors.js';

/** Shows an AppError as the user should read it: its message, its code, and per-field issues. */
export function ErrorMessage(props: { error: AppErrorShape; title?: string }) {
  const { error } = props;
  return (
    <MessageBar intent="error" layout="multiline" data-testid="error-message" data-error-code={error.code}>
      <MessageBarBody>
        <MessageBarTitle>{props.title ?? 'Something went wrong'}</MessageBarTitle>
        {error.message} <span>({error.code})</span>
        {error.issues && error.issues.length > 0 ? (
          <ul>
            {error.issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                {issue.path}: {issue.message}
              </li>
            ))}
          </ul>
        ) : null}
      </MessageBarBody>
    </MessageBar>
  );
}
