/**
 * App-only access tokens (client credentials) for unattended sync, through msal-node so that its
 * caching, refresh-before-expiry and throttling rules apply unchanged. The authority host is
 * declared in `knownAuthorities`: without it msal asks login.microsoftonline.com for instance
 * discovery, which a national cloud, the sandbox or an offline network cannot answer. The
 * endpoint metadata is given too, so msal skips OpenID discovery: the token request itself then
 * reports an unknown tenant as AADSTS90002 instead of msal's opaque endpoints_resolution_error.
 */
import { ConfidentialClientApplication, LogLevel, type Configuration, type ICachePlugin, type NodeAuthOptions } from '@azure/msal-node';
import type { Dispatcher } from 'undici';
import { AppError } from '../../src-shared/errors.js';
import type { Logger } from '../logging/logger.js';
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
  /** Exactly one of a client secret or a certificate. */
  clientSecret?: string;
  certificate?: { thumbprintSha256: string; privateKeyPem: string };
};

function credentialOptions(credentials: AppCredentials): Pick<NodeAuthOptions, 'clientSecret' | 'clientCertificate'> {
  if (credentials.certificate && credentials.clientSecret === undefined) {
    return { clientCertificate: { thumbprintSha256: credentials.certificate.thumbprintSha256, privateKey: credentials.certificate.privateKeyPem } };
  }
  if (credentials.clientSecret !== undefined && !credentials.certificate) return { clientSecret: credentials.clientSecret };
  throw new AppError('not-configured', 'Configure exactly one credential for the app registration: a client secret or a certificate.');
}

export function createAppTokenProvider(
  credentials: AppCredentials,
  dispatcher: Dispatcher,
  logger: Logger,
  options: { cachePlugin?: ICachePlugin; now?: () => number } = {},
): AccessTokenProvider {
  const authority = `https://${credentials.authorityHost}/${credentials.tenantId}`;
  const config: Configuration = {
    auth: {
      clientId: credentials.clientId,
      authority,
      knownAuthorities: [credentials.authorityHost],
      authorityMetadata: JSON.stringify({
        token_endpoint: `${authority}/oauth2/v2.0/token`,
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
        issuer: `${authority}/v2.0`,
        jwks_uri: `${authority}/discovery/v2.0/keys`,
      }),
      ...credentialOptions(credentials),
    },
    ...(options.cachePlugin ? { cache: { cachePlugin: options.cachePlugin } } : {}),
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
  const now = options.now ?? Date.now;
  // Every Graph request asks for a token; msal answers from its cache, but reading that cache goes
  // through the vault (read, decrypt, deserialize) each time. The last token is kept in memory
  // until TOKEN_REUSE_MARGIN_MS before it expires; a 401 asks with forceRefresh and replaces it.
  let kept: { token: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;
  let refreshing: Promise<string> | null = null;

  async function acquire(forceRefresh: boolean): Promise<string> {
    let result;
    try {
      result = await client.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh });
    } catch (error) {
      throw mapEntraError(error);
    }
    if (!result?.accessToken) throw new AppError('graph-auth', 'Entra ID returned no access token.');
    const expiresAt = result.expiresOn?.getTime() ?? 0;
    // A slow cached read may end after a forced refresh: never put an older token back.
    if (kept === null || forceRefresh || expiresAt > kept.expiresAt) kept = { token: result.accessToken, expiresAt };
    return kept.token;
  }

  return {
    async getAccessToken(request = {}) {
      // Callers asking at once share one acquisition: after a revocation, every in-flight request
      // answered 401 asks for a fresh token, and Entra gets one request, not one per folder.
      if (request.forceRefresh === true) {
        refreshing ??= acquire(true).finally(() => {
          refreshing = null;
        });
        return refreshing;
      }
      if (kept && kept.expiresAt - now() > TOKEN_REUSE_MARGIN_MS) return kept.token;
      pending ??= acquire(false).finally(() => {
        pending = null;
      });
      return pending;
    },
  };
}

/** A kept token is not handed out in its last 5 minutes (clock skew, long requests). */
export const TOKEN_REUSE_MARGIN_MS = 5 * 60_000;
