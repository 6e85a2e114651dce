/**
 * Revoked consent as Graph shows it: a token minted while consent stood still verifies, but once
 * the admin removes the app's permissions Graph answers 403 instead of data (directory reads:
 * Authorization_RequestDenied; mail: ErrorAccessDenied). Wraps the Graph routes from outside so
 * the Graph handlers need not know about consent; requests without a valid token fall through to
 * their own 401.
 */
import { graphError } from './graph-responses.js';
import { header, type Route, type RouteHandler } from './http-types.js';
import type { SandboxContext } from './sandbox-context.js';

function gate(context: SandboxContext, handler: RouteHandler): RouteHandler {
  return async (request) => {
    if (context.entra.consentState().granted) return handler(request);
    const token = header(request, 'authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!token || !(await context.tokens.verify(token)).ok) return handler(request);
    const directory = /^\/v1\.0\/(users\/?[^/]*|domains)\/?$/i.test(request.path);
    return directory
      ? graphError(context, request, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.')
      : graphError(context, request, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  };
}

/** The routes with Graph ones (`/v1.0/...`) behind the consent gate. */
export function withConsentGate(context: SandboxContext, routes: Route[]): Route[] {
  return routes.map((route) => (route.path.toLowerCase().startsWith('/v1.0/') ? { ...route, handler: gate(context, route.handler) } : route));
}
