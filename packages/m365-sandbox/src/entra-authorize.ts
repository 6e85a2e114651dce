/**
 * The browser-facing Entra endpoints (graph doc 1.2, 1.3): the v2 authorize endpoint (code flow
 * with PKCE S256) and admin consent (v1 /adminconsent, v2 /v2.0/adminconsent). Nobody clicks:
 * the admin's decision is set beforehand through the sandbox control (approve or deny), and the
 * "browser" - a test, or a real one in the demo - simply follows the 302 to the redirect URI.
 * Errors that Entra shows on its own page (unknown tenant or app, a redirect URI that matches
 * none registered on the app registration - entra-app-registration.ts) answer with a page and no
 * redirect, exactly as the real service strands a user there.
 */
import { randomUUID } from 'node:crypto';
import type { Route, SandboxRequest, SandboxResponse } from './http-types.js';
import { isOurTenant, type SandboxContext } from './sandbox-context.js';
import type { SeedUser } from './tenant-seed.js';

export const NATIVE_CLIENT_PATH = '/common/oauth2/nativeclient';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, title: string, message: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'" },
    text: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
  };
}

const errorPage = (code: number, message: string) => page(400, 'Sign in to your account', `AADSTS${code}: ${message}`);

function redirect(target: string, params: Record<string, string | undefined>): SandboxResponse {
  const url = new URL(target);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return { status: 302, headers: { location: url.toString(), 'cache-control': 'no-store' } };
}

function signedInUser(context: SandboxContext, loginHint: string | null): SeedUser | undefined {
  const hinted = loginHint ? context.state.findUser(loginHint) : undefined;
  const chosen = context.entra.signedInUserId ? context.state.findUser(context.entra.signedInUserId) : undefined;
  return hinted ?? chosen ?? context.state.users.find((u) => u.hasMailbox) ?? context.state.users[0];
}

/** The checks both endpoints share before anything may be redirected. */
function preflight(context: SandboxContext, request: SandboxRequest, generic: string[]): SandboxResponse | { redirectUri: string; state: string | null } {
  const params = request.url.searchParams;
  const tenant = request.params['tenant'] ?? '';
  if (!generic.includes(tenant.toLowerCase()) && !isOurTenant(context, tenant)) {
    return errorPage(90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
  const clientId = params.get('client_id');
  if (clientId !== context.clientId) return errorPage(700016, `Application with identifier '${clientId ?? ''}' was not found in the directory '${tenant}'.`);
  const redirectUri = params.get('redirect_uri');
  if (!context.entra.registration.allowsRedirect(redirectUri)) {
    return errorPage(
      50011,
      `The redirect URI '${redirectUri ?? ''}' specified in the request does not match the redirect URIs configured for the application '${context.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    );
  }
  return { redirectUri, state: params.get('state') };
}

const withState = (state: string | null) => (state !== null ? { state } : {});

function authorize(context: SandboxContext, request: SandboxRequest): SandboxResponse {
  const checked = preflight(context, request, ['organizations', 'common']);
  if ('status' in checked) return checked;
  const { redirectUri, state } = checked;
  const params = request.url.searchParams;
  const fail = (error: string, description: string) => redirect(redirectUri, { error, error_description: description, ...withState(state) });
  if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'AADSTS700054: response_type must be code.');
  const challenge = params.get('code_challenge');
  if (!challenge) return fail('invalid_request', 'AADSTS9002325: Proof Key for Code Exchange is required.');
  if (params.get('code_challenge_method') !== 'S256') return fail('invalid_request', 'AADSTS50148: The code_challenge_method must be S256.');
  const scope = params.get('scope');
  if (!scope) return fail('invalid_request', "AADSTS900144: The request body must contain the following parameter: 'scope'.");
  if (context.entra.decision === 'deny') return fail('access_denied', 'AADSTS65004: User declined to consent to access the app.');
  const user = signedInUser(context, params.get('login_hint'));
  if (!user) return fail('access_denied', 'AADSTS50020: No user could sign in.');
  const scopes = scope.split(/\s+/).filter(Boolean);
  const code = context.entra.issueCode({ clientId: context.clientId, redirectUri, codeChallenge: challenge, scopes, userId: user.graphId, nonce: params.get('nonce') });
  return redirect(redirectUri, {
    code,
    client_info: Buffer.from(JSON.stringify({ uid: user.graphId, utid: context.tenantId })).toString('base64url'),
    ...withState(state),
    session_state: randomUUID(),
  });
}

function adminConsent(context: SandboxContext, request: SandboxRequest, v2: boolean): SandboxResponse {
  const checked = preflight(context, request, v2 ? ['organizations'] : ['common']);
  if ('status' in checked) return checked;
  const { redirectUri, state } = checked;
  const scope = request.url.searchParams.get('scope');
  if (v2 && !scope) {
    return redirect(redirectUri, { error: 'invalid_request', error_description: "AADSTS900144: The request body must contain the following parameter: 'scope'.", ...withState(state) });
  }
  if (context.entra.decision === 'deny') {
    // Observed: the error redirect carries admin_consent=True too, and never the tenant.
    return redirect(redirectUri, { error: 'access_denied', error_description: 'AADSTS65004: User declined to consent to access the app.', ...withState(state), admin_consent: 'True' });
  }
  const admin = signedInUser(context, null);
  context.entra.grantConsent(admin?.address ?? 'unknown');
  return redirect(redirectUri, { admin_consent: 'True', tenant: context.tenantId, ...withState(state), ...(v2 && scope ? { scope } : {}) });
}

export function entraBrowserRoutes(context: SandboxContext): Route[] {
  return [
    { method: 'GET', path: '/:tenant/oauth2/v2.0/authorize', handler: (r) => authorize(context, r) },
    { method: 'GET', path: '/:tenant/v2.0/adminconsent', handler: (r) => adminConsent(context, r, true) },
    { method: 'GET', path: '/:tenant/adminconsent', handler: (r) => adminConsent(context, r, false) },
    { method: 'GET', path: NATIVE_CLIENT_PATH, handler: () => page(200, 'Correspondent', 'You can close this window.') },
  ];
}
