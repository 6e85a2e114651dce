import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useFocusReturn } from '../use-focus-return.js';

const useStyles = makeStyles({ content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS } });

/**
 * Asks before a destructive change: what will be removed, in words and counts (the caller says
 * it), and a confirm button that names the action. Cancel is the default (it takes the focus);
 * Escape cancels. The focus goes back to where it was when the dialog opened (use-focus-return.ts).
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  testId: string;
}) {
  const styles = useStyles();
  useFocusReturn(props.open);
  return (
    <Dialog open={props.open} modalType="alert" onOpenChange={(_e, data) => (data.open ? undefined : props.onCancel())}>
      <DialogSurface data-testid={props.testId}>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent className={styles.content}>{props.children}</DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={props.onCancel} data-testid={`${props.testId}-cancel`}>
              Cancel
            </Button>
            <Button appearance="primary" onClick={props.onConfirm} data-testid={`${props.testId}-confirm`}>
              {props.confirmLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
