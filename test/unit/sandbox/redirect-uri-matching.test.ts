import { describe, expect, it } from 'vitest';
import { redirectUriMatches } from '@correspondent/m365-sandbox';

/**
 * Entra's rules from "Redirect URI (reply URL) restrictions" (entra-docs reply-url.md): string
 * match of scheme, host, path (case-sensitive) and query; the port ignored for localhost; a URI
 * registered without a path answers with a trailing slash.
 */
describe('sandbox Entra: redirect URI matching', () => {
  it('ignores the port for localhost only, and treats a missing path as "/"', () => {
    expect(redirectUriMatches('http://localhost', 'http://localhost:53127/')).toBe(true);
    expect(redirectUriMatches('http://localhost', 'http://localhost:1')).toBe(true);
    expect(redirectUriMatches('http://localhost/', 'http://localhost:8080/')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1', 'http://127.0.0.1:53127/')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1:53127', 'http://127.0.0.1:53127/')).toBe(true);
    expect(redirectUriMatches('https://app.example/cb', 'https://app.example:8443/cb')).toBe(false);
  });

  it('compares scheme, host and path as strings (path case-sensitive)', () => {
    expect(redirectUriMatches('http://localhost', 'http://127.0.0.1:53127/')).toBe(false);
    expect(redirectUriMatches('http://localhost', 'https://localhost:53127/')).toBe(false);
    expect(redirectUriMatches('http://localhost', 'http://localhost:53127/other')).toBe(false);
    expect(redirectUriMatches('http://localhost/MyApp', 'http://localhost:5000/MyApp')).toBe(true);
    expect(redirectUriMatches('http://localhost/MyApp', 'http://localhost:5000/myapp')).toBe(false);
    expect(redirectUriMatches('http://localhost', 'http://[::1]:53127/')).toBe(false);
    expect(redirectUriMatches('http://localhost', 'http://localhost:53127/#frag')).toBe(false);
    expect(redirectUriMatches('http://localhost', 'not a url')).toBe(false);
  });
});
