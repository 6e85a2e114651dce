/**
 * The app registration as Entra keeps it: the redirect URIs registered for it and the
 * application permissions it lists under "API permissions" (what admin consent through
 * `/.default` grants). Redirect URIs are matched the way Entra matches them (identity platform,
 * "Redirect URI (reply URL) restrictions"): as strings - scheme, host, path (case-sensitive) and
 * query - with one exception: for `localhost` the port is ignored. A redirect URI without a path
 * is returned with a trailing slash, so `http://localhost` and `http://localhost:53127/` match.
 * Anything else answers AADSTS50011 on Entra's own page.
 */
import { SandboxInputError } from './sandbox-input-error.js';

/** What the app registration lists by default: the permissions Correspondent needs. */
export const DEFAULT_REQUIRED_PERMISSIONS: readonly string[] = ['Mail.Read', 'User.Read.All', 'Domain.Read.All'];

/** Entra's limits on registered redirect URIs (work or school accounts). */
const MAX_REDIRECT_URIS = 256;
const MAX_REDIRECT_URI_LENGTH = 256;

function parsed(value: string): URL | null {
  return URL.canParse(value) ? new URL(value) : null;
}

/** True when Entra would accept `requested` for the registered URI `registered`. */
export function redirectUriMatches(registered: string, requested: string): boolean {
  const r = parsed(registered);
  const q = parsed(requested);
  if (!r || !q || q.hash !== '' || q.username !== '' || q.password !== '') return false;
  if (r.protocol !== q.protocol || r.hostname !== q.hostname || r.pathname !== q.pathname || r.search !== q.search) return false;
  // Only `localhost` has its port ignored (ephemeral ports of native apps); an IP literal does not.
  return r.hostname === 'localhost' || r.port === q.port;
}

/** Why Entra would refuse to register `uri`, or null when it is acceptable. */
function registrationProblem(uri: string): string | null {
  if (uri.length > MAX_REDIRECT_URI_LENGTH) return `is longer than ${MAX_REDIRECT_URI_LENGTH} characters`;
  const url = parsed(uri);
  if (!url) return 'is not an absolute URI';
  if (url.hash !== '') return 'has a fragment';
  if (url.hostname.includes('*')) return 'has a wildcard';
  // http only for the loopback (localhost; 127.0.0.1 through the manifest).
  if (url.protocol === 'http:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') return 'uses http for a host other than localhost';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'uses a scheme other than https';
  return null;
}

export class AppRegistration {
  private uris: string[];
  private permissions: string[];

  constructor(redirectUris: readonly string[], requiredPermissions: readonly string[] = DEFAULT_REQUIRED_PERMISSIONS) {
    this.uris = AppRegistration.checked(redirectUris);
    this.permissions = [...requiredPermissions];
  }

  private static checked(uris: readonly string[]): string[] {
    if (uris.length > MAX_REDIRECT_URIS) throw new SandboxInputError(`An app registration holds at most ${MAX_REDIRECT_URIS} redirect URIs.`);
    for (const uri of uris) {
      const problem = registrationProblem(uri);
      if (problem) throw new SandboxInputError(`The redirect URI '${uri}' ${problem}: Entra would not register it.`);
    }
    return [...new Set(uris)];
  }

  get redirectUris(): string[] {
    return [...this.uris];
  }

  setRedirectUris(uris: readonly string[]): void {
    this.uris = AppRegistration.checked(uris);
  }

  /** True when `requested` matches one of the registered redirect URIs. */
  allowsRedirect(requested: string | null): requested is string {
    return requested !== null && this.uris.some((registered) => redirectUriMatches(registered, requested));
  }

  get requiredPermissions(): string[] {
    return [...this.permissions];
  }

  setRequiredPermissions(permissions: readonly string[]): void {
    this.permissions = [...new Set(permissions)];
  }
}
