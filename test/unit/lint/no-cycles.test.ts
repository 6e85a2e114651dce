/**
 * Import cycles fail the lint (`npm run lint:cycles`, dependency-cruiser with the project's own
 * .dependency-cruiser.mjs): a cycle through type-only imports is caught too, a chain is not
 * mistaken for one, and the product's own sources have none.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const depcruise = path.join(root, 'node_modules/.bin/depcruise');

type Run = { code: number; output: string };

async function cruise(...targets: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(depcruise, ['--config', '.dependency-cruiser.mjs', '--output-type', 'err', ...targets], { cwd: root });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cycles-'));
  const files: Record<string, string> = {
    // a -> b -> c -> a, the last edge type-only.
    'cycle/a.ts': "import { b } from './b.js';\nexport const a = () => b();\n",
    'cycle/b.ts': "import { c } from './c.js';\nexport const b = () => c();\n",
    'cycle/c.ts': "import type { a } from './a.js';\nexport const c = (): ReturnType<typeof a> | undefined => undefined;\n",
    // the same chain without the closing edge
    'chain/a.ts': "import { b } from './b.js';\nexport const a = () => b();\n",
    'chain/b.ts': "import { c } from './c.js';\nexport const b = () => c();\n",
    'chain/c.ts': 'export const c = () => 1;\n',
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the import-cycle rule', () => {
  it('fails on a cycle closed by a type-only import, naming every file in it', { timeout: 60_000 }, async () => {
    const run = await cruise(path.join(dir, 'cycle'));
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('no-circular');
    for (const file of ['a.ts', 'b.ts', 'c.ts']) expect(run.output).toContain(`cycle/${file}`);
  });

  it('passes a chain of the same files without the closing edge (and cruised all three)', { timeout: 60_000 }, async () => {
    const run = await cruise(path.join(dir, 'chain'));
    expect(run.output).toMatch(/3 modules, 2 dependencies cruised/);
    expect(run.code).toBe(0);
  });

  it('finds no cycle in the product and its packages', async () => {
    const run = await cruise('src-shared', 'src-main', 'src-renderer', 'packages/contract/src', 'packages/m365-sandbox/src');
    expect(run.output).toMatch(/no dependency violations found \(\d{3,} modules/);
    expect(run.code).toBe(0);
  }, 60_000);
});
