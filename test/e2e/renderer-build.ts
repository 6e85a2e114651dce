/**
 * The e2e suite serves the real renderer build. It is (re)built with Vite when dist/renderer is
 * missing or older than any source under src-renderer or src-shared, so the test never runs stale UI.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_DIST = path.join(repoRoot, 'dist', 'renderer');

export async function ensureRendererBuild(): Promise<string> {
  const built = await mtime(path.join(RENDERER_DIST, 'index.html'));
  const sources = Math.max(await newestMtime(path.join(repoRoot, 'src-renderer')), await newestMtime(path.join(repoRoot, 'src-shared')));
  if (built === null || built < sources) {
    await build({ configFile: path.join(repoRoot, 'src-renderer', 'vite.config.ts'), logLevel: 'warn' });
  }
  return RENDERER_DIST;
}

async function mtime(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}
