/**
 * Exchange Online's two ways of scoping an app to some mailboxes, both set by an Exchange admin
 * in PowerShell and both invisible in the access token:
 * - an application access policy (New-ApplicationAccessPolicy -AccessRight RestrictAccess |
 *   DenyAccess -PolicyScopeGroupId <mail-enabled security group>) narrows the app's Entra-granted
 *   mail permission; a mailbox outside it answers 403 ErrorAccessDenied "Access to OData is
 *   disabled." (Graph docs, auth-limit-mailbox-access.md, "Handling API errors");
 * - RBAC for Applications (New-ManagementRoleAssignment -App <sp> -Role "Application Mail.Read"
 *   -CustomResourceScope <scope>) grants mail access inside a management scope on its own, with
 *   no Mail.Read in the token; it adds to, never narrows, an unscoped Entra grant.
 * Members are kept as user object ids; the control API resolves addresses.
 */

export type AccessRight = 'RestrictAccess' | 'DenyAccess';

export type AccessPolicy = { accessRight: AccessRight; memberIds: ReadonlySet<string> };

/** A role assignment "Application Mail.Read"; `memberIds` null: organisation-wide (no scope). */
export type MailRoleAssignment = { memberIds: ReadonlySet<string> | null };

export type MailAccessDecision = 'allowed' | 'policy-denied' | 'no-permission';

export class ExchangeAccessScope {
  private policy: AccessPolicy | null = null;
  private assignment: MailRoleAssignment | null = null;

  setPolicy(policy: AccessPolicy | null): void {
    this.policy = policy;
  }

  setMailRoleAssignment(assignment: MailRoleAssignment | null): void {
    this.assignment = assignment;
  }

  /**
   * Whether the app may read `mailboxId`'s mail, given whether its Entra grant (the token's and
   * the tenant's current app roles) includes a mail permission.
   */
  decide(mailboxId: string, entraGrantsMail: boolean): MailAccessDecision {
    if (entraGrantsMail) {
      const policy = this.policy;
      if (!policy) return 'allowed';
      const member = policy.memberIds.has(mailboxId);
      return (policy.accessRight === 'RestrictAccess') === member ? 'allowed' : 'policy-denied';
    }
    const assignment = this.assignment;
    if (assignment && (assignment.memberIds === null || assignment.memberIds.has(mailboxId))) return 'allowed';
    return 'no-permission';
  }
}
