/**
 * The CRM match: the step that makes a message customer correspondence. Only external
 * participants count. A participant matches as a contact or lead by exact address, or by its
 * domain when that is (or is a subdomain of) an account domain; free-mail domains match by
 * address only (the CrmLookup enforces that). Every hit becomes a reason, so an import explains
 * itself.
 */
import type { CrmMatch, Reason } from '../../src-shared/domain.js';
import type { CrmLookup } from '../crm/crm-lookup.js';
import type { Participant, Participants } from './participants.js';

export type CrmMatchResult =
  | { matched: true; match: CrmMatch; reasons: Reason[]; crmParticipants: ReadonlySet<string> }
  | { matched: false; reason: Reason; externalDomains: string[] };

function accountLabel(crm: CrmLookup, accountId: string): string {
  const account = crm.account(accountId);
  return account ? `${account.name} (${accountId})` : accountId;
}

function accountsLabel(crm: CrmLookup, accountIds: readonly string[]): string {
  return accountIds.map((id) => accountLabel(crm, id)).join(', ');
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

type Collected = { accountIds: Set<string>; contactIds: Set<string>; leadIds: Set<string>; reasons: Reason[]; participants: Set<string> };

function matchParticipant(participant: Participant, crm: CrmLookup, into: Collected): void {
  const { address } = participant;
  const reasonsBefore = into.reasons.length;
  const viaContacts = new Set<string>();
  for (const contact of crm.contactsByAddress(address)) {
    into.contactIds.add(contact.id);
    const accountId = contact.accountId !== null && crm.account(contact.accountId) ? contact.accountId : null;
    if (accountId !== null) {
      into.accountIds.add(accountId);
      viaContacts.add(accountId);
    }
    into.reasons.push({
      code: 'crm-contact',
      detail:
        accountId !== null
          ? `${address} is a CRM contact of account ${accountLabel(crm, accountId)}`
          : contact.accountId !== null
            ? `${address} is a CRM contact (${contact.id}) of account ${contact.accountId}, which is not in the CRM directory`
            : `${address} is a CRM contact (${contact.id}) with no account`,
    });
  }
  for (const lead of crm.leadsByAddress(address)) {
    into.leadIds.add(lead.id);
    const company = lead.company.trim();
    into.reasons.push({
      code: 'crm-lead',
      detail: company ? `${address} is a CRM lead (${lead.id}) at ${company}` : `${address} is a CRM lead (${lead.id})`,
    });
  }
  const byDomain = crm.accountsByDomain(participant.domain);
  if (byDomain) {
    const added = byDomain.accountIds.filter((id) => !viaContacts.has(id));
    for (const id of byDomain.accountIds) into.accountIds.add(id);
    if (added.length > 0) {
      into.reasons.push({
        code: 'crm-account-domain',
        detail: `${address} is in ${byDomain.accountDomain}, a domain of account ${accountsLabel(crm, added)}`,
      });
    }
  }
  if (into.reasons.length > reasonsBefore || byDomain) into.participants.add(address);
}

export function matchCrm(participants: Participants, crm: CrmLookup): CrmMatchResult {
  const collected: Collected = { accountIds: new Set(), contactIds: new Set(), leadIds: new Set(), reasons: [], participants: new Set() };
  const external = participants.all.filter((participant) => !participant.internal);
  for (const participant of external) matchParticipant(participant, crm, collected);
  if (collected.reasons.length === 0) {
    return {
      matched: false,
      reason: {
        code: 'no-crm-match',
        detail: 'no external participant is a CRM contact or lead, or in a CRM account domain',
      },
      externalDomains: sortedUnique(external.map((participant) => participant.domain)),
    };
  }
  return {
    matched: true,
    match: {
      accountIds: sortedUnique(collected.accountIds),
      contactIds: sortedUnique(collected.contactIds),
      leadIds: sortedUnique(collected.leadIds),
    },
    reasons: collected.reasons,
    crmParticipants: collected.participants,
  };
}
