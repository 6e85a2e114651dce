/**
 * One renderer build, two shells: inside Electron the preload has defined `window.correspondent`;
 * in a browser the page talks HTTP to the headless console that served it.
 */
import { createApiClient } from '../../src-shared/api-dispatch.js';
import { apiEventSchema, type ApiClient, type ApiEvent } from '../../src-shared/api.js';
import { createBridgeTransport } from './bridge-transport.js';
import { createHttpTransport } from './http-transport.js';
import { subscribeHttpEvents } from './http-events.js';
import { takeSessionToken } from './session-token.js';
import { createHttpDownloader, savedByShell, type Downloader } from './download.js';

export type EventSubscriber = (listener: (event: ApiEvent) => void) => () => void;

export type ConsoleConnection = {
  client: ApiClient;
  kind: 'ipc' | 'http';
  onEvent: EventSubscriber;
  /** Fetches an export's location into the browser's downloads (headless) or does nothing (Electron). */
  download: Downloader;
};

export function connectToCore(win: Window, onEventsConnection?: (connected: boolean) => void): ConsoleConnection {
  const bridge = win.correspondent;
  if (bridge) {
    return {
      client: createApiClient(createBridgeTransport(bridge)),
      kind: 'ipc',
      download: savedByShell,
      onEvent: (listener) =>
        bridge.onEvent((event) => {
          const parsed = apiEventSchema.safeParse(event);
          if (parsed.success) listener(parsed.data);
        }),
    };
  }
  const token = takeSessionToken(win);
  return {
    client: createApiClient(createHttpTransport({ baseUrl: '', token })),
    kind: 'http',
    download: createHttpDownloader({ token, doc: win.document }),
    onEvent: sharedSubscription((listener) => subscribeHttpEvents({ baseUrl: '', token, onConnectionChange: onEventsConnection }, listener)),
  };
}

/** One underlying stream, however many components listen; opened on first use, closed on last. */
function sharedSubscription(open: EventSubscriber): EventSubscriber {
  const listeners = new Set<(event: ApiEvent) => void>();
  let close: (() => void) | null = null;
  return (listener) => {
    listeners.add(listener);
    close ??= open((event) => {
      for (const each of [...listeners]) each(event);
    });
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && close) {
        close();
        close = null;
      }
    };
  };
}
