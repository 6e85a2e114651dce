#!/usr/bin/env node
// `npm run dist`: the desktop packages (electron-builder with electron-builder.yml) from a build.
// electron-builder needs the Electron binary for this platform: either installed by the electron
// package (node_modules/electron/dist) or downloaded from GitHub into its cache. Where neither can
// be had - this project installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1 so that `npm ci` works on
// machines that reach only the npm registry - this script says so and exits 3 instead of letting
// electron-builder try the network and fail obscurely.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const electronDir = path.dirname(require.resolve('electron/package.json'));
const electronVersion = require('electron/package.json').version;
const installedBinary = existsSync(path.join(electronDir, 'path.txt')) && existsSync(path.join(electronDir, 'dist'));

if (!installedBinary && !process.env.ELECTRON_BUILDER_ELECTRON_DIST) {
  process.stderr.write(
    [
      `correspondent dist: the Electron ${electronVersion} binary is not installed, so no desktop package can be built here.`,
      'It is skipped at install time (ELECTRON_SKIP_BINARY_DOWNLOAD=1) because it downloads from github.com, which this machine may not reach.',
      'On a machine that reaches GitHub: `node node_modules/electron/install.js`, then `npm run dist` again;',
      'or point ELECTRON_BUILDER_ELECTRON_DIST at an unpacked Electron of that version.',
      '',
    ].join('\n'),
  );
  process.exit(3);
}

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: false });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
// A clean build: tsc never deletes the output of a source that moved or was removed, and the
// package is made from dist/ as it stands.
const packageDists = readdirSync(path.join(root, 'packages')).map((name) => path.join('packages', name, 'dist'));
for (const dir of ['dist', '.tsbuild', ...packageDists]) rmSync(path.join(root, dir), { recursive: true, force: true });
run('npm', ['run', '--silent', 'build']);
const electronDist = process.env.ELECTRON_BUILDER_ELECTRON_DIST ?? path.join(electronDir, 'dist');
run(path.join(root, 'node_modules/.bin/electron-builder'), ['--config', 'electron-builder.yml', `--config.electronDist=${electronDist}`, ...process.argv.slice(2)]);
