/**
 * App-only access tokens (client credentials) for unattended sync, through msal-node so that its
 * caching, refresh-before-expiry and throttling rules apply unchanged. The authority host is
 * declared in `knownAuthorities`: without it msal asks login.microsoftonline.com for instance
 * discovery, which a national cloud, the sandbox or an offline network cannot answer.
 */
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import type { Dispatcher } from 'undici';
import { AppError } from '../../src-shared/errors.js';
import type { Logger } from '../app/logger.js';
import { graphDefaultScope } from './clouds.js';
import { createMsalNetworkClient } from './msal-network-client.js';
import { mapEntraError } from './entra-errors.js';

export interface AccessTokenProvider {
  /** A valid access token for Graph; `forceRefresh` after a 401 skips msal's cache. */
  getAccessToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

export type AppCredentials = {
  tenantId: string;
  clientId: string;
  authorityHost: string;
  graphBaseUrl: string;
  clientSecret: string;
};

export function createAppTokenProvider(credentials: AppCredentials, dispatcher: Dispatcher, logger: Logger): AccessTokenProvider {
  const config: Configuration = {
    auth: {
      clientId: credentials.clientId,
      authority: `https://${credentials.authorityHost}/${credentials.tenantId}`,
      knownAuthorities: [credentials.authorityHost],
      clientSecret: credentials.clientSecret,
    },
    system: {
      networkClient: createMsalNetworkClient(dispatcher),
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (_level, message, containsPii) => {
          if (!containsPii) logger.debug({ msal: message }, 'msal');
        },
      },
    },
  };
  const client = new ConfidentialClientApplication(config);
  const scopes = [graphDefaultScope(credentials.graphBaseUrl)];
  return {
    async getAccessToken(options = {}) {
      try {
        const result = await client.acquireTokenByClientCredential({ scopes, skipCache: options.forceRefresh === true });
        if (!result?.accessToken) throw new AppError('graph-auth', 'Entra ID returned no access token.');
        return result.accessToken;
      } catch (error) {
        throw mapEntraError(error);
      }
    },
  };
}
