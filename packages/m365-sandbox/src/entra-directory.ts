/**
 * Mail aliases of the sandbox's users: in Exchange a mailbox has one primary address
 * (`SMTP:` in proxyAddresses) and any number of secondary ones (`smtp:`), often on a second
 * verified domain. Mail sent to an alias lands in the same mailbox, so the app must count those
 * addresses as the user's own; the sandbox gives every mailbox user an alias on each further
 * org domain to prove it does.
 */
import type { TenantSeed } from './tenant-seed.js';

export function withMailAliases(seed: TenantSeed): TenantSeed {
  const extraDomains = seed.orgDomains.slice(1);
  if (extraDomains.length === 0) return seed;
  return {
    ...seed,
    users: seed.users.map((user) => {
      if (!user.hasMailbox || user.aliases) return user;
      const local = user.address.split('@')[0] ?? user.address;
      const own = user.address.split('@')[1];
      return { ...user, aliases: extraDomains.filter((d) => d !== own).map((d) => `${local}@${d}`) };
    }),
  };
}
