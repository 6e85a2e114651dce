/**
 * Who the organisation is, from the tenant itself: its verified domains (GET /domains, only
 * isVerified ones) become the default organisation domains, and every mailbox's secondary SMTP
 * addresses (`smtp:` proxyAddresses) count as that mailbox's own, so mail to an alias is neither
 * "external" nor lost. Without Domain.Read.All, the domains of the users' addresses stand in.
 */
import { z } from 'zod';
import type { Dispatcher } from 'undici';
import { AppError } from '../../src-shared/errors.js';
import type { AccessTokenProvider } from './app-token-provider.js';
import { getJson } from './graph-http.js';

export type OrganisationIdentity = {
  verifiedDomains: string[];
  /** Primary address (lower case) -> its aliases (lower case), for mailboxes that have any. */
  aliasesByMailbox: Record<string, string[]>;
};

const domainsSchema = z.object({ value: z.array(z.object({ id: z.string(), isVerified: z.boolean() })) });
const usersSchema = z.object({
  value: z.array(z.object({ mail: z.string().nullable().optional(), userPrincipalName: z.string().nullable().optional(), proxyAddresses: z.array(z.string()).nullable().optional() })),
  '@odata.nextLink': z.string().optional(),
});

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

export async function readOrganisationIdentity(deps: { graphBaseUrl: string; tokens: AccessTokenProvider; dispatcher: Dispatcher }): Promise<OrganisationIdentity> {
  const token = await deps.tokens.getAccessToken();
  const aliasesByMailbox: Record<string, string[]> = {};
  const userDomains = new Set<string>();
  let next: string | undefined = `${deps.graphBaseUrl}/users?$select=mail,userPrincipalName,proxyAddresses&$top=999`;
  while (next) {
    const reply = await getJson(deps.dispatcher, next, token);
    const page = usersSchema.safeParse(reply.body);
    if (reply.status !== 200 || !page.success) throw new AppError('graph-unavailable', `Reading the tenant's users failed (HTTP ${reply.status}).`, { retryable: reply.status >= 500 });
    for (const user of page.data.value) {
      const primary = user.mail?.toLowerCase();
      if (!primary) continue;
      userDomains.add(domainOf(primary));
      const aliases = (user.proxyAddresses ?? [])
        .filter((p) => /^smtp:/i.test(p))
        .map((p) => p.slice(5).toLowerCase())
        .filter((a) => a !== primary);
      if (aliases.length > 0) aliasesByMailbox[primary] = [...new Set(aliases)];
    }
    next = page.data['@odata.nextLink'];
  }
  const domains = await getJson(deps.dispatcher, `${deps.graphBaseUrl}/domains`, token);
  const parsed = domainsSchema.safeParse(domains.body);
  const verifiedDomains =
    domains.status === 200 && parsed.success ? parsed.data.value.filter((d) => d.isVerified).map((d) => d.id.toLowerCase()) : [...userDomains].sort();
  return { verifiedDomains, aliasesByMailbox };
}
