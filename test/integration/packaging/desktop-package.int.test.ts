/**
 * The desktop package as electron-builder would make it: electron-builder.yml is valid against
 * electron-builder's own published JSON schema (app-builder-lib/scheme.json), and the app's file
 * list - electron-builder's own FileMatcher over the build, plus the production dependencies -
 * holds the app and none of the simulator (packages/m365-sandbox, a dev dependency reached only
 * through src-main/sandbox-seam). Run after `npm run build` (the suite's setup builds).
 * `npm run dist` itself cannot run here (no Electron binary): it says so and exits 3.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(path.join(root, 'package.json'));

type Filter = (file: string, info: Stats) => boolean;
type FileMatcherClass = new (from: string, to: string, expand: (pattern: string) => string, patterns: string[]) => { createFilter(): Filter };

async function builderConfig(): Promise<Record<string, unknown>> {
  return parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
}

async function validator() {
  const schema = JSON.parse(await readFile(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

/** The app files electron-builder copies: its FileMatcher with the config's `files`, over the project (node_modules aside). */
async function appFiles(patterns: string[]): Promise<string[]> {
  const { FileMatcher } = require('app-builder-lib/out/fileMatcher.js') as { FileMatcher: FileMatcherClass };
  const filter = new FileMatcher(root, '/', (p) => p, patterns).createFilter();
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const file = path.join(dir, entry.name);
      const info = await stat(file);
      if (!filter(file, info)) continue;
      if (info.isDirectory()) await walk(file);
      else out.push(path.relative(root, file).split(path.sep).join('/'));
    }
  };
  await walk(root);
  return out;
}

/** Package names reachable from the root's production dependencies, read from the lock file. */
async function productionDependencies(): Promise<Set<string>> {
  const lock = JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; resolved?: string; link?: boolean }>;
  };
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const entry = lock.packages[`node_modules/${name}`];
    const target = entry?.link && entry.resolved ? lock.packages[entry.resolved] : entry;
    for (const dep of Object.keys({ ...target?.dependencies, ...target?.optionalDependencies })) visit(dep);
  };
  const rootEntry = lock.packages[''];
  for (const dep of Object.keys({ ...rootEntry?.dependencies, ...rootEntry?.optionalDependencies })) visit(dep);
  return seen;
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's published schema, which refuses a wrong key and a wrong type", async () => {
    const validate = await validator();
    const config = await builderConfig();
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, filez: ['dist/**'] })).toBe(false);
    expect(validate({ ...config, asar: 'yes please' })).toBe(false);
  });
});

describe('the desktop package', () => {
  it('holds the built app and its production dependencies', async () => {
    const files = await appFiles((await builderConfig())['files'] as string[]);
    expect(files).toContain('dist/src-main/electron/main.js');
    expect(files).toContain('dist/renderer/index.html');
    expect(files).toContain('package.json');
    expect(files.filter((f) => f.startsWith('dist/src-main/')).length).toBeGreaterThan(200);
    const deps = await productionDependencies();
    for (const name of ['@correspondent/contract', '@azure/msal-node', 'mysql2', 'zod']) expect(deps).toContain(name);
  });

  it('contains no file and no dependency of the simulator, and no test code', async () => {
    const files = await appFiles((await builderConfig())['files'] as string[]);
    expect(files.filter((f) => f.startsWith('packages/') || f.startsWith('test/') || f.includes('m365-sandbox'))).toEqual([]);
    // Its code under any name: the sandbox's own strings appear in no packaged file.
    const marker = 'The sandbox does not serve this endpoint';
    const carrying: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.js'))) if ((await readFile(path.join(root, file), 'utf8')).includes(marker)) carrying.push(file);
    expect(carrying).toEqual([]);
    expect(await readFile(path.join(root, 'packages/m365-sandbox/src/index.ts'), 'utf8')).toContain(marker);
    const deps = await productionDependencies();
    expect(deps.has('@correspondent/m365-sandbox')).toBe(false);
  });

  // Where the Electron binary is installed the script would really package: not a test's job.
  const electronInstalled = existsSync(path.join(path.dirname(require.resolve('electron/package.json')), 'path.txt'));
  it.skipIf(electronInstalled)('`npm run dist` says why it cannot build here and exits 3, before any download', async () => {
    const run = await promisify(execFile)(process.execPath, [path.join(root, 'scripts/dist.mjs')], { cwd: root, env: { ...process.env, ELECTRON_BUILDER_ELECTRON_DIST: '' } }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/the Electron [\d.]+ binary is not installed/);
  });
});
