/**
 * Locations of the installed package's own files (package.json, the renderer build), found by
 * walking up from this module: the same code runs from src-main under the test runner and from
 * dist/src-main when built.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'correspondent') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the correspondent package root');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();

export const APP_VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The Vite build of src-renderer. */
export const RENDERER_DIR = path.join(PACKAGE_ROOT, 'dist', 'renderer');
