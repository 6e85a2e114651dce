/**
 * What a sandbox tenant starts from, whoever produced it (the seeded generator or JSONL envelopes):
 * directory users, the CRM that matches them, extra folders and the mail to place, each message
 * optionally labelled with the verdict the rule pipeline is expected to reach.
 */
import type { CrmSnapshot, Expectation, ExpectedReason, ExpectedVerdict } from '@correspondent/contract';

export type SeedUser = {
  graphId: string;
  address: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  hasMailbox: boolean;
  /** Secondary SMTP addresses of the mailbox (`smtp:` proxyAddresses). */
  aliases?: string[];
};

export type { Expectation } from '@correspondent/contract';

export type SeedFolder = { mailbox: string; displayName: string; parent: string };

export type SeedMessage = {
  mailbox: string;
  /** Well-known name or display name of the folder. */
  folder: string;
  message: Record<string, unknown>;
  expect?: Expectation;
};

/** Settings the scenario was written for (the ground truth assumes them), e.g. blocked domains. */
export type SuggestedSettings = { blockedDomains: string[] };

export type TenantSeed = {
  orgDomains: string[];
  users: SeedUser[];
  crm: CrmSnapshot;
  folders: SeedFolder[];
  messages: SeedMessage[];
  suggestedSettings?: SuggestedSettings;
};

/** The expected pipeline outcome for one seeded message copy. */
export type GroundTruthEntry = {
  internetMessageId: string;
  mailbox: string;
  folder: string;
  /** The REST id the copy had when the sandbox started. */
  messageId: string;
  /** Its immutable id (`Prefer: IdType="ImmutableId"`), as the request log's `contentOf` names it. */
  immutableId: string;
  /** When the copy arrived: a sync reads it only when this is inside the mailbox's lookback. */
  receivedDateTime: string;
  verdict: ExpectedVerdict;
  reason: ExpectedReason;
};
