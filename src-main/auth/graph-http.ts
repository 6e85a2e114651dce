/**
 * Minimal JSON GETs against Graph and the authority for the auth module's own probes (consent,
 * domains, aliases, OpenID discovery), through the shared dispatcher so proxy and CA apply.
 */
import { request, type Dispatcher } from 'undici';

export type JsonReply = { status: number; body: Record<string, unknown> };

export async function getJson(dispatcher: Dispatcher, url: string, bearer?: string): Promise<JsonReply> {
  const response = await request(url, { dispatcher, headers: { accept: 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } });
  const text = await response.body.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    body = {};
  }
  return { status: response.statusCode, body };
}

/** The claims of a JWT we received over TLS from the authority (not a signature check). */
export function jwtClaims(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
