/**
 * Message envelopes (docs/cli.md "Formats"): one JSON object per line naming the mailbox, the
 * folder and a Graph message as Graph returns it. They let a customer or a test seed the sandbox
 * (and the preview) with exact mail instead of generated mail. Every line is validated; a bad
 * line is refused with its line number rather than silently dropped.
 */
import { z } from 'zod';
import type { CrmSnapshot } from '@correspondent/contract';
import { graphMessageSchema, type GraphMessage } from '@correspondent/contract';
import { SandboxInputError } from './sandbox-input-error.js';
import type { Rng } from './prng.js';
import type { SeedUser, TenantSeed } from './tenant-seed.js';

export const messageEnvelopeSchema = z.object({
  mailbox: z.string().trim().toLowerCase().pipe(z.email()),
  folder: z.string().trim().min(1),
  message: graphMessageSchema,
});

export type MessageEnvelope = { mailbox: string; folder: string; message: GraphMessage };

/** Parses JSON Lines envelopes; blank lines are ignored. Throws SandboxInputError naming the line. */
export function parseEnvelopesJsonl(text: string): MessageEnvelope[] {
  const envelopes: MessageEnvelope[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (cause) {
      throw new SandboxInputError(`Message envelope on line ${lineNumber} is not valid JSON.`, {
        cause,
        issues: [{ path: `line ${lineNumber}`, message: 'not valid JSON' }],
      });
    }
    const parsed = messageEnvelopeSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: [`line ${lineNumber}`, ...i.path.map(String)].join('.'), message: i.message }));
      const first = issues[0];
      throw new SandboxInputError(
        `Message envelope on line ${lineNumber} is invalid${first ? `: ${first.path.replace(/^line \d+\.?/, '') || 'envelope'}: ${first.message}` : ''}.`,
        { issues },
      );
    }
    envelopes.push(parsed.data);
  });
  return envelopes;
}

function displayNameOf(address: string): { displayName: string; givenName: string | null; surname: string | null } {
  const local = address.split('@')[0] ?? address;
  const parts = local.split(/[._-]+/).filter(Boolean).map((p) => p.charAt(0).toUpperCase() + p.slice(1));
  return { displayName: parts.join(' ') || local, givenName: parts[0] ?? null, surname: parts.length > 1 ? (parts.at(-1) ?? null) : null };
}

const EMPTY_CRM: CrmSnapshot = { accounts: [], contacts: [], leads: [], opportunities: [], users: [] };

/**
 * A tenant whose mailboxes are exactly the envelopes' mailboxes. The CRM is the one given, else
 * empty except for its users: every mailbox owner, opted in (docs/cli.md `--messages`).
 */
export function tenantFromEnvelopes(envelopes: MessageEnvelope[], rng: Rng, now: Date, crm?: CrmSnapshot): TenantSeed {
  const addresses = [...new Set(envelopes.map((e) => e.mailbox))];
  const users: SeedUser[] = addresses.map((address) => ({
    graphId: rng.guid(),
    address,
    ...displayNameOf(address),
    jobTitle: null,
    hasMailbox: true,
  }));
  const orgDomains = [...new Set(addresses.map((a) => a.split('@')[1] ?? ''))].filter(Boolean);
  return {
    orgDomains,
    users,
    crm: crm ?? {
      ...EMPTY_CRM,
      users: users.map((u, i) => ({ id: `U-${String(i + 1).padStart(3, '0')}`, email: u.address, name: u.displayName, signedUpAt: now.toISOString(), optedIn: true })),
    },
    folders: [],
    messages: envelopes.map((e) => ({ mailbox: e.mailbox, folder: e.folder, message: e.message })),
  };
}
