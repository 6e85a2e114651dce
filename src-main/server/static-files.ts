/**
 * Serves the renderer build (Vite output) read-only. Paths are resolved and re-checked against the
 * real path of the root so that neither `..`, encoded separators nor symlinks reach outside it.
 * Shared by the headless console and Electron's app:// protocol.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export type StaticFile = { filePath: string; contentType: string; size: number };

/**
 * Maps a URL pathname to a file under `root`; `/` is index.html. Returns null for anything that
 * is not a regular file inside the root (missing, directory, traversal, symlink escape, NUL).
 */
export async function resolveStaticFile(root: string, pathname: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const segments = relative.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;

  try {
    const realRoot = await realpath(root);
    const candidate = await realpath(path.join(realRoot, ...segments));
    if (!candidate.startsWith(realRoot + path.sep)) return null;
    const info = await stat(candidate);
    if (!info.isFile()) return null;
    const contentType = CONTENT_TYPES[path.extname(candidate).toLowerCase()] ?? 'application/octet-stream';
    return { filePath: candidate, contentType, size: info.size };
  } catch {
    return null;
  }
}
