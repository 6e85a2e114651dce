/**
 * The tenant's groups (Entra ID): mail-enabled security groups and distribution lists whose
 * members are users or other groups. Seeded from the directory's users so every tenant has the
 * same shapes to test against (issue 20, `mailboxes opt-in --group`):
 * - "All Staff": every user, those without a mailbox included;
 * - "Sales": the first half of the mailbox users, plus the group "Sales EMEA" nested in it;
 * - "Sales EMEA": the next mailbox users and a user without a mailbox (if any), so a transitive
 *   listing of "Sales" reaches users that are not its direct members;
 * - two groups both named "Support" (support@ and support-desk@): a display name is not unique.
 * Ids are GUIDs from the tenant's seed.
 */
import type { Rng } from './prng.js';
import type { SeedUser } from './tenant-seed.js';

export type GroupMemberRef = { kind: 'user'; id: string } | { kind: 'group'; id: string };

export type SeedGroup = {
  id: string;
  displayName: string;
  mail: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  members: GroupMemberRef[];
};

export function seedGroups(users: readonly SeedUser[], orgDomains: readonly string[], rng: Rng): SeedGroup[] {
  const domain = orgDomains[0] ?? 'example.com';
  const withMailbox = users.filter((u) => u.hasMailbox);
  const mailless = users.filter((u) => !u.hasMailbox);
  const half = Math.max(1, Math.floor(withMailbox.length / 2));
  const emea = withMailbox.slice(half, half + Math.max(1, Math.min(2, withMailbox.length - half)));
  const ids = { all: rng.guid(), sales: rng.guid(), emea: rng.guid(), support: rng.guid(), desk: rng.guid() };
  const user = (u: SeedUser): GroupMemberRef => ({ kind: 'user', id: u.graphId });
  const group = (id: string, displayName: string, local: string, members: GroupMemberRef[]): SeedGroup => ({
    id,
    displayName,
    mail: `${local}@${domain}`,
    mailEnabled: true,
    securityEnabled: true,
    members,
  });
  return [
    group(ids.all, 'All Staff', 'all-staff', users.map(user)),
    group(ids.sales, 'Sales', 'sales', [...withMailbox.slice(0, half).map(user), { kind: 'group', id: ids.emea }]),
    group(ids.emea, 'Sales EMEA', 'sales-emea', [...emea.map(user), ...mailless.slice(0, 1).map(user)]),
    group(ids.support, 'Support', 'support', withMailbox.slice(-1).map(user)),
    group(ids.desk, 'Support', 'support-desk', withMailbox.slice(0, 1).map(user)),
  ];
}
