/**
 * What the engagement step decides for one imported email, before it reaches the store. The
 * opportunity depends only on the email and the CRM, never on which mailbox saw it, so it is
 * decided once at import; the mailbox half of the assignment is decided by the store from all
 * sightings (assignee-mailbox.ts), so no arrival order can change it.
 */
export type Engagement = {
  /** The matched opportunity (match-opportunity.ts), or null when no matched account has an open one. */
  opportunityId: string | null;
  /**
   * The matched opportunity's owner, as the participant address that is theirs, when the owner
   * takes part in the email: the email is assigned to them. Null: assign to the owner of the
   * deciding mailbox (assignee-mailbox.ts).
   */
  ownerAddress: string | null;
};

export const NO_ENGAGEMENT: Engagement = Object.freeze({ opportunityId: null, ownerAddress: null });
