/**
 * The headless console's session token arrives once in the page URL (?token=...). It is moved
 * into sessionStorage (survives a reload of this tab, nothing else) and removed from the address
 * bar so it does not end up in history, bookmarks or screenshots.
 */
const STORAGE_KEY = 'correspondent.sessionToken';
const TOKEN_PARAM = 'token';

export type TokenWindow = {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
};

export function takeSessionToken(win: TokenWindow): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get(TOKEN_PARAM);
  if (fromUrl) {
    win.sessionStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete(TOKEN_PARAM);
    win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return win.sessionStorage.getItem(STORAGE_KEY);
}
