import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components';
import type { AppErrorShape } from '../../src-shared/errors.js';

const useStyles = makeStyles({
  details: { marginTop: tokens.spacingVerticalXS, fontSize: tokens.fontSizeBase200 },
  code: { fontFamily: tokens.fontFamilyMonospace },
});

/**
 * An error as the user should read it: the core's sentence (what is wrong, what to do) and the
 * problems per field; the error code - for support and scripts - only inside "Details".
 */
export function ErrorMessage(props: { error: AppErrorShape; title?: string }) {
  const styles = useStyles();
  const { error } = props;
  const issues = (error.issues ?? []).filter((issue) => issue.message !== error.message);
  return (
    <MessageBar intent="error" layout="multiline" data-testid="error-message" data-error-code={error.code}>
      <MessageBarBody>
        <MessageBarTitle>{props.title ?? 'Something went wrong'}</MessageBarTitle>
        <span data-testid="error-text">{error.message}</span>
        {issues.length > 0 ? (
          <ul>
            {issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
            ))}
          </ul>
        ) : null}
        <details className={styles.details} data-testid="error-details">
          <summary>Details</summary>
          Code <span className={styles.code}>{error.code}</span>
          {error.retryable ? '; trying again may work.' : '.'}
          {(error.issues ?? []).length > 0 ? (
            <ul>
              {(error.issues ?? []).map((issue) => (
                <li key={`d:${issue.path}:${issue.message}`}>
                  <span className={styles.code}>{issue.path}</span>: {issue.message}
                </li>
              ))}
            </ul>
          ) : null}
        </details>
      </MessageBarBody>
    </MessageBar>
  );
}
