/**
 * `emails.search`, `emails.get`, `emails.reassignOptions`, `emails.reassign`: the console's
 * engagements page. Names typed by the administrator (an account or user name) are resolved
 * against the CRM directory held in memory; the store answers with ids. Reassignments are
 * recorded by the store with who and when (admin-actions.ts), in the transaction of the change.
 */
import type { ApiHandlers, ApiParsedInput } from '../../../src-shared/api.js';
import type { AssignedBy, EmailDetail, OpportunityView } from '../../../src-shared/engagement.js';
import { assignedBySchema, opportunityLabel } from '../../../src-shared/engagement.js';
import { AppError } from '../../../src-shared/errors.js';
import type { CrmSnapshot } from '@correspondent/contract';
import type { Actor, EmailSearchFilter, EngagementStore, MailStore, StoredEmailDetail } from '../../store/mail-store.js';
import type { CrmDirectory } from '../crm-directory.js';

export type EngagementHandlerDeps = {
  store: EngagementStore & Pick<MailStore, 'listMailboxes'>;
  crm: Pick<CrmDirectory, 'snapshot' | 'refreshIfChanged'>;
  /** Who is making changes from this console, for the audit log. */
  actor: () => Actor;
};

const includes = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle.toLowerCase());

/** Turns the typed criteria into store criteria; a name that matches nothing matches no email. */
export function searchFilterOf(input: ApiParsedInput<'emails.search'>, crm: CrmSnapshot): EmailSearchFilter {
  const filter: EmailSearchFilter = { limit: input.limit, offset: input.offset };
  if (input.account) {
    const exact = crm.accounts.find((a) => a.id === input.account);
    filter.accountIds = exact ? [exact.id] : crm.accounts.filter((a) => includes(a.name, input.account!)).map((a) => a.id).slice(0, 1000);
  }
  if (input.opportunity) filter.opportunityIds = [input.opportunity];
  if (input.owner) {
    filter.assignedTo = input.owner.includes('@')
      ? [input.owner.toLowerCase()]
      : crm.users.filter((u) => includes(u.name, input.owner!) && u.email !== '').map((u) => u.email.toLowerCase());
  }
  if (input.participant) {
    const value = input.participant.toLowerCase();
    filter.participant = value.includes('@') && !value.startsWith('@') ? { address: value } : { domain: value.replace(/^@/, '') };
  }
  if (input.text) filter.text = input.text;
  return filter;
}

export function opportunityView(id: string, crm: CrmSnapshot): OpportunityView {
  const opportunity = crm.opportunities.find((o) => o.id === id);
  if (!opportunity) return { id, known: false, accountId: null, accountName: null, stage: null, isClosed: null, closeDate: null, ownerName: null, ownerEmail: null };
  const owner = crm.users.find((u) => u.id === opportunity.ownerUserId);
  return {
    id,
    known: true,
    accountId: opportunity.accountId,
    accountName: crm.accounts.find((a) => a.id === opportunity.accountId)?.name ?? null,
    stage: opportunity.stage,
    isClosed: opportunity.isClosed,
    closeDate: opportunity.closeDate,
    ownerName: owner?.name ?? null,
    ownerEmail: owner?.email.toLowerCase() ?? null,
  };
}

/** One sentence on why the email belongs to its owner (architecture.md "Dedup and assignment"). */
export function assignmentExplanation(stored: StoredEmailDetail, assignedBy: AssignedBy, opportunity: OpportunityView | null): string {
  const owner = stored.assignedTo ?? 'nobody';
  if (assignedBy === 'admin') {
    const last = stored.reassignments.at(-1);
    return last ? `Reassigned to ${owner} by ${last.actor} on ${last.at}.` : `Assigned to ${owner} by an administrator.`;
  }
  if (assignedBy === 'opportunity-owner') {
    return `The owner of the matched opportunity ${opportunity?.id ?? ''} takes part in this email, so it is theirs: ${owner}.`;
  }
  const why = opportunity ? `The owner of the matched opportunity ${opportunity.id} does not take part in this email` : 'No open opportunity of a matched account was found';
  return `${why}, so it belongs to the user whose mailbox it was first imported from (sender first, then To, then Cc): ${owner}.`;
}

function detailView(stored: StoredEmailDetail, crm: CrmSnapshot): EmailDetail {
  const parsed = assignedBySchema.safeParse(stored.assignedBy);
  const assignedBy: AssignedBy = parsed.success ? parsed.data : 'mailbox';
  const opportunity = stored.opportunityId === null ? null : opportunityView(stored.opportunityId, crm);
  const person = (list: { id: string; email: string; name: string }[], id: string) => {
    const found = list.find((p) => p.id === id);
    return { id, email: found?.email ?? '', name: found?.name ?? '' };
  };
  const { accountIds, contactIds, leadIds, ...rest } = stored;
  return {
    ...rest,
    accounts: accountIds.map((id) => ({ id, name: crm.accounts.find((a) => a.id === id)?.name ?? null })),
    contacts: contactIds.map((id) => person(crm.contacts, id)),
    leads: leadIds.map((id) => person(crm.leads, id)),
    opportunity,
    assignedBy,
    assignmentExplanation: assignmentExplanation(stored, assignedBy, opportunity),
  };
}

/** Names for the ids a page of results shows; an id the CRM no longer has is left out (shown as the id). */
function namesOf(items: readonly { accountIds: string[]; opportunityId: string | null }[], crm: CrmSnapshot): { accounts: Record<string, string>; opportunities: Record<string, string> } {
  const accounts: Record<string, string> = {};
  const opportunities: Record<string, string> = {};
  for (const item of items) {
    for (const id of item.accountIds) {
      const name = crm.accounts.find((a) => a.id === id)?.name;
      if (name) accounts[id] = name;
    }
    if (item.opportunityId !== null && !(item.opportunityId in opportunities)) {
      const view = opportunityView(item.opportunityId, crm);
      if (view.known) opportunities[item.opportunityId] = opportunityLabel(view);
    }
  }
  return { accounts, opportunities };
}

async function requireEmail(store: EngagementStore, id: number): Promise<StoredEmailDetail> {
  const stored = await store.emailDetail(id);
  if (!stored) throw new AppError('invalid-input', `No stored email has id ${id}; it may have been purged.`, { issues: [{ path: 'id', message: 'no such email' }] });
  return stored;
}

async function ownersOf(deps: EngagementHandlerDeps, crm: CrmSnapshot): Promise<{ address: string; name: string }[]> {
  const owners = new Map<string, string>();
  for (const user of crm.users) if (user.email !== '') owners.set(user.email.toLowerCase(), user.name);
  for (const mailbox of await deps.store.listMailboxes()) if (!owners.has(mailbox.address)) owners.set(mailbox.address, mailbox.displayName);
  return [...owners].map(([address, name]) => ({ address, name })).sort((a, b) => (a.name || a.address).localeCompare(b.name || b.address));
}

export function engagementHandlers(deps: EngagementHandlerDeps): Pick<ApiHandlers, 'emails.search' | 'emails.get' | 'emails.reassignOptions' | 'emails.reassign'> {
  const crm = async () => {
    await deps.crm.refreshIfChanged();
    return deps.crm.snapshot();
  };
  return {
    'emails.search': async (input) => {
      const snapshot = await crm();
      const found = await deps.store.searchEmails(searchFilterOf(input, snapshot));
      return { ...found, engine: 'mariadb' as const, names: namesOf(found.items, snapshot) };
    },

    'emails.get': async (input) => detailView(await requireEmail(deps.store, input.id), await crm()),

    'emails.reassignOptions': async (input) => {
      const stored = await requireEmail(deps.store, input.id);
      const snapshot = await crm();
      const accounts = new Set(stored.accountIds);
      const opportunities = snapshot.opportunities
        .filter((o) => accounts.has(o.accountId))
        .sort((a, b) => Number(a.isClosed) - Number(b.isClosed) || (a.closeDate ?? '9999').localeCompare(b.closeDate ?? '9999') || a.id.localeCompare(b.id))
        .map((o) => opportunityView(o.id, snapshot));
      if (stored.opportunityId !== null && !opportunities.some((o) => o.id === stored.opportunityId)) opportunities.push(opportunityView(stored.opportunityId, snapshot));
      return { opportunities, owners: await ownersOf(deps, snapshot) };
    },

    'emails.reassign': async (input) => {
      const snapshot = await crm();
      if (input.opportunityId != null && !snapshot.opportunities.some((o) => o.id === input.opportunityId)) {
        throw new AppError('invalid-input', `The CRM has no opportunity ${input.opportunityId}.`, { issues: [{ path: 'opportunityId', message: 'not a CRM opportunity' }] });
      }
      if (input.assignedTo !== undefined && !(await ownersOf(deps, snapshot)).some((o) => o.address === input.assignedTo)) {
        throw new AppError('invalid-input', `${input.assignedTo} is neither a CRM user nor a mailbox.`, { issues: [{ path: 'assignedTo', message: 'not a CRM user or mailbox' }] });
      }
      const change = {
        ...(input.opportunityId !== undefined ? { opportunityId: input.opportunityId } : {}),
        ...(input.assignedTo !== undefined ? { assignedTo: input.assignedTo } : {}),
      };
      if (!(await deps.store.reassignEmail(input.id, change, deps.actor()))) await requireEmail(deps.store, input.id);
      return detailView(await requireEmail(deps.store, input.id), snapshot);
    },
  };
}
