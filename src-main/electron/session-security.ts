/**
 * Session-wide defences for the console window: the CSP is added to every response (belt and
 * braces with the protocol handler's own headers), and every permission request (camera,
 * notifications, geolocation...) is refused: the console needs none.
 */
import type { Session } from 'electron';
import { CONSOLE_CSP } from '../server/security-headers.js';

export type SecuredSession = {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
} & Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

export function secureSession(session: SecuredSession): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    }
    headers['Content-Security-Policy'] = [CONSOLE_CSP];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
