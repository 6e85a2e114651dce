/**
 * The window never leaves the bundled console: every navigation, redirect and new window is denied
 * (the console routes in memory, so it never needs one). External http(s) links open in the system
 * browser instead; anything else (file:, javascript:, custom schemes) is dropped.
 */
import type { WebContents } from 'electron';

export type NavigationGuardDeps = {
  openExternal(url: string): Promise<void> | void;
};

type NavigationEvent = { preventDefault(): void; url?: string };

/** The part of WebContents the guard needs (so tests can pass a fake). */
export type GuardedContents = Pick<WebContents, 'setWindowOpenHandler'> & {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEvent, url: string) => void): unknown;
};

export function guardNavigation(contents: GuardedContents, deps: NavigationGuardDeps): void {
  const deny = (event: NavigationEvent, url: string) => {
    event.preventDefault();
    openIfExternal(event.url ?? url, deps);
  };
  contents.on('will-navigate', deny);
  contents.on('will-redirect', deny);
  contents.setWindowOpenHandler(({ url }) => {
    openIfExternal(url, deps);
    return { action: 'deny' };
  });
}

export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function openIfExternal(url: string, deps: NavigationGuardDeps): void {
  if (isExternalWebUrl(url)) void deps.openExternal(url);
}
