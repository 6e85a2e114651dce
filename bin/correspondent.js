#!/usr/bin/env node
// The installed command: runs the compiled CLI (npm run build produces dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/src-main/cli/bin.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('correspondent: not built yet: run `npm run build` first.\n');
  process.exit(1);
}
await import(entry);
