// @ts-check
/**
 * Lint, including the architecture's import boundaries as errors (architecture.md "Layout"):
 * renderer -> shared only; shared -> nothing local; `electron` only in src-main/electron;
 * each driver only in its module; rules/ does no I/O. test/unit/lint-boundaries.test.ts proves
 * each boundary fails the lint. The simulators (packages/*) are products of their own: they import
 * only @correspondent/contract, and the product reaches the Microsoft 365 simulator only through
 * src-main/sandbox-seam. Import cycles are found by dependency-cruiser (.dependency-cruiser.mjs), which
 * also follows type-only imports.
 */
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const drivers = {
  mysql2: 'src-main/store',
  '@elastic/elasticsearch': 'src-main/search',
  '@microsoft/microsoft-graph-client': 'src-main/graph',
  '@azure/msal-node': 'src-main/auth',
  electron: 'src-main/electron',
};

/** no-restricted-imports patterns that forbid a driver outside its home folder. */
function driverBan(name, home) {
  return {
    regex: `^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/.*)?$`,
    message: `${name} may be imported only inside ${home}/ (architecture.md: drivers stay in their modules).`,
  };
}

/** Patterns for every driver except those whose home is `except`. */
function driverBansExcept(except) {
  return Object.entries(drivers)
    .filter(([, home]) => home !== except)
    .map(([name, home]) => driverBan(name, home));
}

const nodeBuiltins = {
  regex: '^node:',
  message: 'Node built-ins are not available here.',
};
const toMain = { regex: '(^|/)src-main(/|$)', message: 'Only src-main may import src-main.' };
const toRenderer = { regex: '(^|/)src-renderer(/|$)', message: 'Nothing imports the renderer.' };
const toAnyLocal = { regex: '^\\.\\./', message: 'src-shared imports nothing outside itself.' };

const mainFolders = ['store', 'search', 'graph', 'auth', 'electron'];

const toSimulator = {
  regex: '^@correspondent/(m365|crm)-sandbox(/.*)?$',
  message: 'The product reaches the sandbox tenant only through src-main/sandbox-seam (architecture.md: one seam).',
};
const toProduct = {
  regex: '(^|/)src-(main|shared|renderer)(/|$)',
  message: 'A simulator depends on no product code: share shapes through @correspondent/contract.',
};
const outOfPackage = { regex: '^\\.\\./', message: 'A package imports only its own files and its declared dependencies.' };
// The CRM simulators live one folder down (salesforce/, hubspot/, dataverse/) and share the package's root files.
const outOfCrmSandbox = { regex: '^\\.\\./\\.\\./', message: 'A package imports only its own files and its declared dependencies.' };

export default tseslint.config(
  { ignores: ['dist/**', 'packages/*/dist/**', '.tsbuild/**', 'node_modules/**', 'test/artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [toMain, toRenderer, toAnyLocal, nodeBuiltins, ...driverBansExcept(null)] }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [toMain, nodeBuiltins, ...driverBansExcept(null)] }],
    },
  },
  // src-main outside the driver folders: no driver at all.
  {
    files: ['src-main/**/*.ts'],
    ignores: mainFolders.map((f) => `src-main/${f}/**`),
    rules: { 'no-restricted-imports': ['error', { patterns: [toRenderer, toSimulator, ...driverBansExcept(null)] }] },
  },
  ...mainFolders.map((folder) => ({
    files: [`src-main/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [toRenderer, toSimulator, ...driverBansExcept(`src-main/${folder}`)] }],
    },
  })),
  // The pipeline is pure: no I/O, no drivers, the same function for sync, preview and tests.
  {
    files: ['src-main/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            toRenderer,
            toSimulator,
            ...driverBansExcept(null),
            { regex: '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|child_process|worker_threads|dns)$', message: 'rules/ does no I/O.' },
            { regex: '(^|/)(store|search|graph/(?!graph-message)|auth|sync|server|electron|cli|app)(/|$)', message: 'rules/ depends on no service module.' },
          ],
        },
      ],
    },
  },
  // The logger is the bottom of the graph: everything may log, so it imports nothing of ours.
  {
    files: ['src-main/logging/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./', message: 'logging/ is the bottom of the dependency graph: it imports nothing of ours.' }] }],
    },
  },
  // The one seam to the simulator: it may import the package (types, and a dynamic import).
  {
    files: ['src-main/sandbox-seam/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [toRenderer, ...driverBansExcept(null)] }] },
  },
  {
    files: ['packages/m365-sandbox/src/**/*.ts', 'packages/crm-sandbox/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [toProduct, outOfPackage, ...driverBansExcept(null)] }] },
  },
  {
    files: ['packages/crm-sandbox/src/*/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [toProduct, outOfCrmSandbox, ...driverBansExcept(null)] }] },
  },
  {
    files: ['packages/contract/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [toProduct, outOfPackage, nodeBuiltins, toSimulator, { regex: '^(?!zod$|\\./)', message: 'The contract holds shapes only: it imports zod and its own files.' }] },
      ],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', 'bin/**/*.js', '*.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['test/**/*.ts', '*.config.ts', 'scripts/**/*.{js,mjs,ts}', 'bin/**/*.js'],
    rules: { 'no-restricted-exports': 'off' },
  },
  {
    files: ['vitest.config.ts', 'eslint.config.js', 'src-renderer/vite.config.ts', '.dependency-cruiser.mjs'],
    rules: { 'no-restricted-exports': 'off' },
  },
);
