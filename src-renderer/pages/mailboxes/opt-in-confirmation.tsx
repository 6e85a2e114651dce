/**
 * What the Mailboxes page asks before an opt-in change: stopping the import of mailboxes (what
 * happens to their mail, with counts), and opting in a mailbox that cannot sync (why, and that
 * every cycle would fail it). A harmless change - opting in mailboxes that can sync - needs no question.
 */
import { Text } from '@fluentui/react-components';
import type { MailboxStatus } from '../../../src-shared/domain.js';
import { cannotSync as stateCannotSync, mailboxAction } from '../../../src-shared/error-actions.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';

export type OptInRequest = { addresses: string[]; optedIn: boolean; stored: number; cannotSync: MailboxStatus[] };

/** The request to confirm, or null when the change can be made at once. */
export function optInRequest(all: readonly MailboxStatus[], addresses: string[], optedIn: boolean): OptInRequest | null {
  const chosen = all.filter((m) => addresses.includes(m.address));
  const cannotSync = optedIn ? chosen.filter((m) => !m.optedIn && stateCannotSync(m.state)) : [];
  if (optedIn && cannotSync.length === 0) return null;
  const changing = optedIn ? chosen : chosen.filter((m) => m.optedIn);
  if (!optedIn && changing.length === 0) return null;
  return { addresses, optedIn, stored: changing.reduce((sum, m) => sum + m.imported + m.alreadyStored, 0), cannotSync };
}

export function OptInConfirmation(props: { request: OptInRequest | null; onCancel: () => void; onConfirm: (request: OptInRequest) => void }) {
  const { request } = props;
  const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
  const count = request?.addresses.length ?? 0;
  return (
    <ConfirmDialog
      open={request !== null}
      testId={request?.optedIn ? 'opt-in-warning' : 'opt-out-confirm'}
      title={request?.optedIn ? 'This mailbox cannot be synced' : `Stop importing ${plural(count, 'mailbox', 'mailboxes')}?`}
      confirmLabel={request?.optedIn ? 'Import anyway' : 'Stop importing'}
      onCancel={props.onCancel}
      onConfirm={() => request && props.onConfirm(request)}
    >
      {request?.optedIn ? (
        <>
          <Text>
            {request.cannotSync.map((m) => `${m.address}: ${mailboxAction(m.state, null) ?? ''}`).join(' ')}
          </Text>
          <Text>Until then every sync cycle fails {request.cannotSync.length === 1 ? 'it' : 'them'} and the console reports the failure.</Text>
        </>
      ) : request ? (
        <>
          <Text>New mail in {request.addresses.join(', ')} will no longer be imported from the next cycle on.</Text>
          <Text data-testid="opt-out-stored">
            The {plural(request.stored, 'email', 'emails')} already stored from {count === 1 ? 'it stay' : 'them stay'} stored; nothing is deleted. To remove them,
            run correspondent purge --mailbox ADDRESS.
          </Text>
        </>
      ) : null}
    </ConfirmDialog>
  );
}
