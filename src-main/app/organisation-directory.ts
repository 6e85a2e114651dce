/**
 * Who the organisation is, as read from the tenant (verified domains, mailbox aliases) and kept
 * for the rules: every mailbox's `smtp:` aliases count as the organisation's own addresses, so
 * mail to an alias is neither "external" nor lost even when the alias's domain is not among the
 * configured organisation domains. Refreshed when mailboxes are discovered; a failed read keeps
 * the last known list (the rules never wait on Graph).
 */
import type { OrganisationIdentity } from '../auth/organisation-identity.js';
import type { TenantConnection } from './graph-connection.js';
import type { Logger } from '../logging/logger.js';

export interface OrganisationDirectory {
  /** Reads the identity from the tenant now (and keeps its aliases). */
  read(): Promise<OrganisationIdentity>;
  /** Best-effort refresh; failures are logged, the last list stays. */
  refresh(): Promise<void>;
  /** Every known alias address (lower case). */
  aliases(): string[];
}

export function createOrganisationDirectory(connection: TenantConnection, logger: Logger): OrganisationDirectory {
  let aliases: string[] = [];
  connection.onSwitch(() => {
    aliases = [];
  });
  async function read(): Promise<OrganisationIdentity> {
    const identity = await connection.require().auth.readOrganisationIdentity();
    aliases = [...new Set(Object.values(identity.aliasesByMailbox).flat())].sort();
    return identity;
  }
  return {
    read,
    async refresh() {
      try {
        await read();
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not read the organisation identity; keeping the last known aliases');
      }
    },
    aliases: () => aliases,
  };
}
