/**
 * Entra ID (AADSTS) failures mapped to messages an admin can act on, and to the named states
 * consent health shows. msal-node surfaces the server's `error` / `errorCode` and the AADSTS
 * number inside the description; we branch on the number, never on the prose
 * (microsoft-graph.md 1.8).
 */
import { AppError } from '../../src-shared/errors.js';

/** What kind of problem an AADSTS code is, for consent health. */
export type EntraFailureKind =
  | 'consent-missing'
  | 'consent-denied'
  | 'secret-invalid'
  | 'credential-expired'
  | 'certificate-invalid'
  | 'clock-skew'
  | 'tenant-not-found'
  | 'app-not-found'
  | 'service-principal-missing'
  | 'sign-in-required'
  | 'blocked-by-policy'
  | 'misconfigured';

type Action = { kind: EntraFailureKind; code: AppError['code']; message: string };

const ACTIONS: Record<number, Action> = {
  65001: { kind: 'consent-missing', code: 'consent-missing', message: 'Admin consent is missing or was revoked: connect the organisation again, or send the consent link to a Global Administrator.' },
  65004: { kind: 'consent-denied', code: 'consent-missing', message: 'The administrator declined the consent request. Nothing was granted; ask a Global Administrator to approve it.' },
  90094: { kind: 'consent-missing', code: 'consent-missing', message: 'Only an administrator can grant these permissions: send the consent link to a Global Administrator.' },
  90095: { kind: 'consent-missing', code: 'consent-missing', message: 'Only an administrator can grant these permissions: send the consent link to a Global Administrator.' },
  650056: { kind: 'misconfigured', code: 'graph-auth', message: 'The app registration does not list the required permissions (Mail.Read, User.Read.All): add them under "API permissions".' },
  650057: { kind: 'misconfigured', code: 'graph-auth', message: 'The app registration does not list the required permissions (Mail.Read, User.Read.All): add them under "API permissions".' },
  7000215: { kind: 'secret-invalid', code: 'graph-auth', message: 'The client secret is wrong (often the secret ID was entered instead of its value), or it was replaced: enter the current secret value.' },
  7000222: { kind: 'credential-expired', code: 'graph-auth', message: 'The client secret has expired: create a new one in the app registration and enter it here.' },
  7000218: { kind: 'misconfigured', code: 'graph-auth', message: 'Entra ID expects a client secret or certificate for this app: enter one in the setup.' },
  700025: { kind: 'misconfigured', code: 'graph-auth', message: 'The app is registered as a public client, which may not use a secret: register a confidential app.' },
  700027: { kind: 'certificate-invalid', code: 'graph-auth', message: 'The certificate is not registered for this app (or was removed): upload it under "Certificates & secrets".' },
  700021: { kind: 'certificate-invalid', code: 'graph-auth', message: 'The certificate assertion names another application: check the client ID.' },
  700212: { kind: 'certificate-invalid', code: 'graph-auth', message: 'The certificate assertion was made for another tenant or cloud: check the tenant and the selected cloud.' },
  50027: { kind: 'certificate-invalid', code: 'graph-auth', message: 'Entra ID could not read the certificate assertion.' },
  700024: { kind: 'clock-skew', code: 'graph-auth', message: "This computer's clock is wrong, so Entra ID refuses the certificate assertion: correct the time (enable time synchronisation)." },
  700016: {
    kind: 'app-not-found',
    code: 'graph-auth',
    message: 'Entra ID knows no such application in this tenant: check the client ID and the tenant; an app registered in another tenant must first be consented here (Connect organisation).',
  },
  7000229: {
    kind: 'service-principal-missing',
    code: 'consent-missing',
    message:
      'The app registration has no enterprise application (service principal) in this tenant: nobody consented to it here, or it was deleted. Connect the organisation (admin consent creates it), or create it under Enterprise applications.',
  },
  90002: { kind: 'tenant-not-found', code: 'graph-auth', message: 'Tenant not found: check the tenant name or ID and the selected cloud (global, US Government, China).' },
  90038: { kind: 'tenant-not-found', code: 'graph-auth', message: 'The tenant belongs to another national cloud: select the matching cloud.' },
  50194: { kind: 'misconfigured', code: 'graph-auth', message: 'The app is single-tenant but a generic tenant was used: enter your own tenant ID or domain.' },
  50011: {
    kind: 'misconfigured',
    code: 'graph-auth',
    message: 'The redirect URI is not registered: add http://localhost under "Mobile and desktop applications" in the app registration (Entra ignores its port).',
  },
  70011: { kind: 'misconfigured', code: 'graph-auth', message: 'The requested scope is invalid for this application.' },
  700082: { kind: 'sign-in-required', code: 'graph-auth', message: 'The administrator sign-in has expired after a long time unused: sign in again.' },
  70008: { kind: 'sign-in-required', code: 'graph-auth', message: 'The sign-in expired before it completed: sign in again.' },
  54005: { kind: 'sign-in-required', code: 'graph-auth', message: 'The sign-in response was already used: sign in again.' },
  501481: { kind: 'sign-in-required', code: 'graph-auth', message: 'The sign-in response did not match this request (PKCE check failed): sign in again.' },
  50173: { kind: 'sign-in-required', code: 'graph-auth', message: 'The administrator sign-in was revoked (password reset or sessions revoked): sign in again.' },
  50076: { kind: 'sign-in-required', code: 'graph-auth', message: 'Multi-factor authentication is required: sign in again.' },
  50079: { kind: 'sign-in-required', code: 'graph-auth', message: 'The administrator must register for multi-factor authentication, then sign in again.' },
  50020: { kind: 'sign-in-required', code: 'graph-auth', message: 'The account used belongs to another organisation: sign in with an account of this tenant.' },
  53003: { kind: 'blocked-by-policy', code: 'graph-auth', message: 'A Conditional Access policy blocked the sign-in: ask your identity administrator to allow this app.' },
  7000112: { kind: 'blocked-by-policy', code: 'graph-auth', message: 'The application is disabled in this tenant: enable its enterprise application.' },
};

export function aadstsCodeOf(error: unknown): number | null {
  const text = error instanceof Error ? `${error.message} ${(error as { errorMessage?: string }).errorMessage ?? ''}` : String(error);
  const match = /AADSTS(\d{5,7})/.exec(text);
  return match ? Number(match[1]) : null;
}

/** The failure kind of an AADSTS code, or null when the code is not one we know. */
export function entraFailureKind(code: number | null): EntraFailureKind | null {
  return code !== null ? (ACTIONS[code]?.kind ?? null) : null;
}

/** The admin-facing sentence for an AADSTS code (with the code), or null. */
export function entraMessage(code: number | null): string | null {
  const action = code !== null ? ACTIONS[code] : undefined;
  return action ? `${action.message} (AADSTS${code})` : null;
}

export function mapEntraError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = aadstsCodeOf(error);
  const action = code !== null ? ACTIONS[code] : undefined;
  if (action) return new AppError(action.code, `${action.message} (AADSTS${code})`, { cause: error });
  if (code !== null) return new AppError('graph-auth', `Entra ID refused the token request (AADSTS${code}).`, { cause: error });
  return new AppError('graph-unavailable', 'Could not reach Entra ID for a token.', { retryable: true, cause: error });
}
