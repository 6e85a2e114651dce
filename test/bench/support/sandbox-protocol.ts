/** Messages between a benchmark and its sandbox process (sandbox-child.ts, sandbox-client.ts). */
import type { SandboxCredentials } from '../../../src-main/app/tenant-runtime.js';
import type { CrmSnapshot } from '@correspondent/contract';
import type { MailboxChains } from './request-chains.js';

/** The tenant's credentials (as `correspondent sandbox --credentials-out` gives them) and what a bench needs besides. */
export type SandboxInfo = SandboxCredentials & {
  orgDomains: string[];
  crm: CrmSnapshot;
  users: { address: string; graphId: string }[];
  blockedDomains: string[];
};

/**
 * `cpuSeconds`: the sandbox process's CPU time since it started. `graphBytes`: bytes of the Graph
 * answers sent; `graphRequests`: Graph requests with each `$batch` member counted on its own (as
 * Graph's throttling counts them) and the batch envelope not - both since the last reset.
 */
export type Traffic = { requests: number; throttled: number; chains: MailboxChains[]; peakRssMb: number; cpuSeconds: number; graphBytes: number; graphRequests: number };

export type ChildRequest = { id: number } & (
  | { kind: 'latency'; ms: number }
  | { kind: 'reset' }
  /** `since`: only requests logged after this index of the request log (default: since the last reset). */
  | { kind: 'traffic'; since?: number }
  | { kind: 'deliver'; perMailbox: number }
  /** Per mailbox, the messages per folder a sync must read since `since` (bench-workload.ts). */
  | { kind: 'workload'; mailboxes: { address: string; since: string }[] }
  | { kind: 'stop' }
);

export type ReplyBody = { ok: true; value: unknown } | { ok: false; error: string };
export type ChildReply = { id: number } & ReplyBody;
