/**
 * The architecture's import boundaries are lint errors: each case lints a one-line file placed
 * (virtually) in a folder and expects the boundary rule to fire, or not.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const x = 1;\n`, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const crossing: [string, string][] = [
  ['src-renderer/pages/x.tsx', "import { createApp } from '../../src-main/app/create-app.js';"],
  ['src-renderer/x.ts', "import { readFile } from 'node:fs';"],
  ['src-shared/x.ts', "import { createApp } from '../src-main/app/create-app.js';"],
  ['src-shared/x.ts', "import { thing } from '../src-renderer/thing.js';"],
  ['src-main/app/x.ts', "import { app } from 'electron';"],
  ['src-main/sync/x.ts', "import mysql from 'mysql2/promise';"],
  ['src-main/store/x.ts', "import { Client } from '@microsoft/microsoft-graph-client';"],
  ['src-main/graph/x.ts', "import { ConfidentialClientApplication } from '@azure/msal-node';"],
  ['src-main/auth/x.ts', "import { Client } from '@elastic/elasticsearch';"],
  ['src-main/rules/x.ts', "import { readFile } from 'node:fs/promises';"],
  ['src-main/rules/x.ts', "import { MariaDbMailStore } from '../store/mariadb-mail-store.js';"],
  ['src-main/anything/x.ts', "import { x } from '../../src-renderer/x.js';"],
  ['src-main/logging/x.ts', "import type { Settings } from '../../src-shared/settings.js';"],
  ['src-main/logging/x.ts', "import { openDatabase } from '../app/database.js';"],
  // The simulator is reached through the one seam only, and depends on no product code.
  ['src-main/app/x.ts', "import { startSandbox } from '@correspondent/m365-sandbox';"],
  ['src-main/cli/commands/x.ts', "import type { SandboxHandle } from '@correspondent/m365-sandbox';"],
  ['src-main/rules/x.ts', "import { createRng } from '@correspondent/m365-sandbox/prng.js';"],
  ['src-main/store/x.ts', "import { startSandbox } from '@correspondent/m365-sandbox';"],
  ['packages/m365-sandbox/src/x.ts', "import { AppError } from '../../../src-shared/errors.js';"],
  ['packages/m365-sandbox/src/x.ts', "import { MESSAGE_SELECT } from '../../../src-main/graph/graph-message.js';"],
  ['packages/m365-sandbox/src/x.ts', "import { x } from '../../contract/src/graph-message.js';"],
  ['packages/m365-sandbox/src/x.ts', "import mysql from 'mysql2/promise';"],
  ['packages/contract/src/x.ts', "import { readFile } from 'node:fs';"],
  ['packages/contract/src/x.ts', "import { startSandbox } from '@correspondent/m365-sandbox';"],
  ['packages/contract/src/x.ts', "import { parse } from 'tldts';"],
];

const allowed: [string, string][] = [
  ['src-main/electron/x.ts', "import { app } from 'electron';"],
  ['src-main/store/x.ts', "import mysql from 'mysql2/promise';"],
  ['src-main/graph/x.ts', "import { Client } from '@microsoft/microsoft-graph-client';"],
  ['src-main/auth/x.ts', "import { ConfidentialClientApplication } from '@azure/msal-node';"],
  ['src-main/search/x.ts', "import { Client } from '@elastic/elasticsearch';"],
  ['src-main/rules/x.ts', "import type { GraphMessage } from '../graph/graph-message.js';"],
  ['src-renderer/x.ts', "import { apiContract } from '../src-shared/api.js';"],
  ['src-shared/x.ts', "import { z } from 'zod';"],
  ['src-main/sandbox-seam/x.ts', "import type * as Sandbox from '@correspondent/m365-sandbox';"],
  ['src-main/rules/x.ts', "import type { GraphMessage } from '@correspondent/contract';"],
  ['packages/m365-sandbox/src/x.ts', "import { graphMessageSchema } from '@correspondent/contract';"],
  ['packages/m365-sandbox/src/x.ts', "import { createRng } from './prng.js';"],
  ['packages/contract/src/x.ts', "import { z } from 'zod';"],
  ['packages/contract/src/x.ts', "import { recipientSchema } from './graph-message.js';"],
  ['test/integration/x.ts', "import { startSandbox } from '@correspondent/m365-sandbox';"],
];

describe('import boundaries', () => {
  it.each(crossing)('%s: %s is an error', async (file, code) => {
    expect(await boundaryErrors(file, code)).not.toEqual([]);
  });

  it.each(allowed)('%s: %s is allowed', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
