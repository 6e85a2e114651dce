import { describe, expect, it } from 'vitest';
import { guardNavigation, type GuardedContents } from '../../../src-main/electron/navigation-guard.js';
import { createMainWindowOptions } from '../../../src-main/electron/window-options.js';

describe('createMainWindowOptions', () => {
  it('isolates the renderer completely', () => {
    const options = createMainWindowOptions({ preloadPath: '/app/preload.cjs' });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect([options.width, options.height]).toEqual([1280, 800]);
  });
});

type Listener = (event: { preventDefault(): void; url?: string }, url: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: Parameters<GuardedContents['setWindowOpenHandler']>[0] | undefined;
  const contents: GuardedContents = {
    on(event, listener) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  };
  const navigate = (event: string, url: string) => {
    let prevented = false;
    listeners.get(event)?.({ preventDefault: () => (prevented = true), url }, url);
    return prevented;
  };
  const openWindow = (url: string) => openHandler?.({ url } as Parameters<NonNullable<typeof openHandler>>[0]);
  return { contents, navigate, openWindow };
}

describe('guardNavigation', () => {
  it.each(['will-navigate', 'will-redirect'])('denies every %s and sends web links to the system browser', (event) => {
    const opened: string[] = [];
    const fake = fakeContents();
    guardNavigation(fake.contents, { openExternal: (url) => void opened.push(url) });

    expect(fake.navigate(event, 'https://learn.microsoft.com/graph')).toBe(true);
    expect(fake.navigate(event, 'app://correspondent/other.html')).toBe(true);
    expect(fake.navigate(event, 'file:///etc/passwd')).toBe(true);
    expect(opened).toEqual(['https://learn.microsoft.com/graph']);
  });

  it('denies every new window; only http(s) goes to the system browser', () => {
    const opened: string[] = [];
    const fake = fakeContents();
    guardNavigation(fake.contents, { openExternal: (url) => void opened.push(url) });

    for (const url of ['https://portal.azure.com/', 'javascript:alert(1)', 'file:///c:/windows', 'ms-settings:privacy', 'not a url']) {
      expect(fake.openWindow(url)).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://portal.azure.com/']);
  });
});
