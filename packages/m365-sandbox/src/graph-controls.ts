/**
 * The control API's Graph half, for tests and the demo: change messages between sync cycles the
 * way a user or an inbox rule would, script faults and latency, revoke tokens, and read the
 * traffic counters. Kept out of index.ts so the sandbox's entry point stays wiring only.
 */
import { SandboxInputError } from './sandbox-input-error.js';
import type { FaultRule } from './graph-faults.js';
import type { GraphTraffic, TrafficStats } from './graph-traffic.js';
import type { Mailbox } from './mailbox.js';
import type { TenantState } from './tenant-state.js';
import type { RevocableTokenIssuer } from './token-revocation.js';

export type GraphControls = {
  /**
   * Changes properties of a message in place (e.g. `{ isRead: true }`, `{ categories: [...] }`):
   * the next delta round of its folder reports `{ id, <changed>, parentFolderId }` only.
   */
  updateMessage(mailbox: string, messageId: string, fields: Record<string, unknown>): void;
  /** `updateMessage(mailbox, id, { isRead })`, the most common change Exchange reports. */
  markRead(mailbox: string, messageId: string, isRead?: boolean): void;
  faults: {
    /** Scripts a failure for the next `count` requests or a seeded `fraction` of them. */
    inject(rule: FaultRule): void;
    /** Delays every Graph request by `ms` (e.g. 40, as a far datacenter); 0 turns it off. */
    setLatency(ms: number): void;
    /** Removes every fault rule and the latency. */
    clear(): void;
  };
  /**
   * Deletes a user's mailbox as an admin removing the Exchange licence would: every Graph request
   * for it then answers 404 MailboxNotEnabledForRESTAPI. The contents are kept for `enableMailbox`.
   */
  disableMailbox(address: string): void;
  /** Restores a mailbox removed by `disableMailbox`, with its contents. */
  enableMailbox(address: string): void;
  /** Every access token issued so far is refused with 401 InvalidAuthenticationToken. */
  revokeAccessTokens(): void;
  /** Requests per mailbox, the highest concurrency seen per mailbox, 429s answered. */
  trafficStats(): TrafficStats;
  resetTrafficStats(): void;
};

function mailboxFor(state: TenantState, address: string): Mailbox {
  const user = state.findUser(address);
  const mailbox = user ? state.mailboxOf(user) : undefined;
  if (!mailbox) throw new SandboxInputError(`The sandbox has no mailbox for ${address}.`);
  return mailbox;
}

function setEnabled(state: TenantState, address: string, enabled: boolean): void {
  const user = state.findUser(address);
  if (!user?.hasMailbox) throw new SandboxInputError(`The sandbox has no mailbox for ${address}.`);
  state.setMailboxEnabled(user, enabled);
}

export function createGraphControls(state: TenantState, traffic: GraphTraffic, tokens: RevocableTokenIssuer): GraphControls {
  const update = (mailbox: string, messageId: string, fields: Record<string, unknown>) => {
    if (!mailboxFor(state, mailbox).updateMessage(messageId, fields)) throw new SandboxInputError(`No message ${messageId} in ${mailbox}.`);
  };
  return {
    updateMessage: update,
    markRead: (mailbox, messageId, isRead = true) => update(mailbox, messageId, { isRead }),
    faults: {
      inject(rule) {
        const mailboxId = rule.mailbox === undefined ? null : (state.findUser(rule.mailbox)?.graphId ?? null);
        if (rule.mailbox !== undefined && mailboxId === null) throw new SandboxInputError(`The sandbox has no user ${rule.mailbox}.`);
        traffic.faults.add(rule, mailboxId);
      },
      setLatency: (ms) => traffic.faults.setLatency(ms),
      clear: () => traffic.faults.clear(),
    },
    disableMailbox: (address) => setEnabled(state, address, false),
    enableMailbox: (address) => setEnabled(state, address, true),
    revokeAccessTokens: () => tokens.revokeAll(),
    trafficStats: () => traffic.stats(),
    resetTrafficStats: () => traffic.resetStats(),
  };
}
