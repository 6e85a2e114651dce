/**
 * Entra ID (AADSTS) failures mapped to messages an admin can act on. msal-node surfaces the
 * server's `error` / `errorCode` and the AADSTS number inside the description; we branch on the
 * number, never on the prose (microsoft-graph.md 1.8).
 */
import { AppError } from '../../src-shared/errors.js';

const ACTIONS: Record<number, { code: AppError['code']; message: string }> = {
  7000215: { code: 'graph-auth', message: 'The client secret is wrong (often the secret ID was entered instead of its value).' },
  7000222: { code: 'graph-auth', message: 'The client secret has expired: create a new one in the app registration.' },
  700016: { code: 'graph-auth', message: 'No such application in this tenant: check the client ID and the tenant.' },
  90002: { code: 'graph-auth', message: 'Tenant not found: check the tenant name or ID and the selected cloud.' },
  65001: { code: 'consent-missing', message: 'Admin consent is missing or was revoked: connect the organisation again.' },
  700024: { code: 'graph-auth', message: "The certificate assertion is outside its valid time: check this computer's clock." },
  70011: { code: 'graph-auth', message: 'The requested scope is invalid for this application.' },
};

export function aadstsCodeOf(error: unknown): number | null {
  const text = error instanceof Error ? `${error.message} ${(error as { errorMessage?: string }).errorMessage ?? ''}` : String(error);
  const match = /AADSTS(\d{5,7})/.exec(text);
  return match ? Number(match[1]) : null;
}

export function mapEntraError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = aadstsCodeOf(error);
  const action = code !== null ? ACTIONS[code] : undefined;
  if (action) return new AppError(action.code, `${action.message} (AADSTS${code})`, { cause: error });
  if (code !== null) return new AppError('graph-auth', `Entra ID refused the token request (AADSTS${code}).`, { cause: error });
  return new AppError('graph-unavailable', 'Could not reach Entra ID for a token.', { retryable: true, cause: error });
}
