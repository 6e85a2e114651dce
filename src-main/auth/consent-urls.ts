/**
 * The permissions the sync needs and the URLs that ask an admin for them (graph doc 1.2, 1.9).
 * Application permissions can only be requested through `{graph}/.default`, which grants what the
 * app registration lists; what the registration must contain is app-permissions.ts.
 */
import { graphDefaultScope } from './clouds.js';

/** Delegated scopes of the optional admin sign-in (shows who connected the tenant). */
export const DELEGATED_SCOPES = ['offline_access', 'openid', 'email', 'profile', 'Calendars.Read', 'Mail.Read'] as const;

export type ConsentTarget = { authorityHost: string; tenant: string; clientId: string; graphBaseUrl: string };

/** The v2 admin-consent URL. */
export function adminConsentUrl(target: ConsentTarget, redirectUri: string, state: string): string {
  const url = new URL(`https://${target.authorityHost}/${encodeURIComponent(target.tenant)}/v2.0/adminconsent`);
  url.searchParams.set('client_id', target.clientId);
  url.searchParams.set('scope', graphDefaultScope(target.graphBaseUrl));
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  return url.toString();
}

/**
 * Where a forwarded consent link sends the Global Administrator afterwards: Microsoft's blank
 * native-client page (registered for desktop apps), since our loopback is not running on their
 * machine. The app learns of the consent by probing, not from this redirect.
 */
export function nativeClientRedirect(authorityHost: string): string {
  return `https://${authorityHost}/common/oauth2/nativeclient`;
}
