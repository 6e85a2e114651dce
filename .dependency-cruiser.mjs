/**
 * Import cycles are errors (`npm run lint`): a cycle between files - types included, since a cycle
 * of types is a cycle of concepts - means neither file can be understood, tested or moved alone.
 * test/unit/lint/no-cycles.test.ts proves the rule fires on a cycle.
 */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'This file takes part in an import cycle: move the shared part into a file both import.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|\\.tsbuild)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    tsConfig: { fileName: 'tsconfig.cruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@correspondent/source', 'import', 'default'],
    },
  },
};
