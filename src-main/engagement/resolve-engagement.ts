/**
 * Computes an imported email's Engagement from the CRM, for the caller of `commitPage` (the sync
 * holds the CrmLookup; the store holds no CRM index). Pure: the same email and CRM give the same
 * answer in the sync, the preview and the tests.
 */
import type { CapturedEmail, CrmMatch } from '../../src-shared/domain.js';
import type { CrmLookup } from '../crm/crm-lookup.js';
import type { CrmOpportunity } from '@correspondent/contract';
import { normaliseAddress } from '../rules/address.js';
import { NO_ENGAGEMENT, type Engagement } from './engagement.js';
import { matchOpportunity } from './match-opportunity.js';

export function resolveEngagement(email: CapturedEmail, match: CrmMatch, crm: CrmLookup): Engagement {
  const addressOfUser = new Map<string, string>();
  for (const participant of [email.from, ...email.to, ...email.cc]) {
    const address = normaliseAddress(participant.address);
    if (address === null) continue;
    const user = crm.userByAddress(address);
    if (user && !addressOfUser.has(user.id)) addressOfUser.set(user.id, address);
  }
  const candidates: CrmOpportunity[] = [];
  const seen = new Set<string>();
  for (const accountId of new Set(match.accountIds)) {
    for (const opportunity of crm.opportunitiesByAccount(accountId)) {
      if (!seen.has(opportunity.id)) {
        seen.add(opportunity.id);
        candidates.push(opportunity);
      }
    }
  }
  const opportunity = matchOpportunity(candidates, new Set(addressOfUser.keys()), email.sentAt);
  if (opportunity === null) return NO_ENGAGEMENT;
  return { opportunityId: opportunity.id, ownerAddress: addressOfUser.get(opportunity.ownerUserId) ?? null };
}
