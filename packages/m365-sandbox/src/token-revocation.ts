/**
 * "Token expiry" on demand for the control API: revoking every access token issued so far, as an
 * admin revoking sessions or a key rollover does, so that Graph answers 401
 * InvalidAuthenticationToken until the client fetches a new token (graph doc 6.3, 6.4: refresh
 * once, then fail). Wraps whatever token issuer the Entra side provides, keeping its other methods.
 */
import { decodeJwt } from 'jose';
import type { TokenIssuer } from './token-issuer.js';

export type RevocableTokenIssuer = TokenIssuer & {
  /** Every access token issued until now fails verification as expired. */
  revokeAll(): void;
};

function jtiOf(token: string): string | null {
  try {
    const jti = decodeJwt(token).jti;
    return typeof jti === 'string' ? jti : null;
  } catch {
    return null;
  }
}

export function revocable(inner: TokenIssuer): RevocableTokenIssuer {
  const live = new Set<string>();
  const revoked = new Set<string>();
  const overrides = {
    async issue(...args: Parameters<TokenIssuer['issue']>): Promise<string> {
      const token = await inner.issue(...args);
      const jti = jtiOf(token);
      if (jti) live.add(jti);
      return token;
    },
    async verify(...args: Parameters<TokenIssuer['verify']>): ReturnType<TokenIssuer['verify']> {
      const check = await inner.verify(...args);
      if (check.ok && revoked.has(jtiOf(args[0]) ?? '')) return { ok: false, reason: 'expired' };
      return check;
    },
    revokeAll(): void {
      for (const jti of live) revoked.add(jti);
      live.clear();
    },
  };
  return Object.assign(Object.create(inner) as TokenIssuer, overrides);
}
