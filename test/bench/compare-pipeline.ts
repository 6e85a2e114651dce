/**
 * Not a test: before/after of a pipeline change on a busy machine. Loads `evaluateMessage` from
 * this checkout and from another copy of src-main (e.g. `git archive HEAD~1 src-main | tar -x -C
 * /tmp/before`), and measures both on the realistic mix in alternation, best of N windows each, so
 * that load from other processes hits both alike. Run:
 *   npx tsx test/bench/compare-pipeline.ts /tmp/before/src-main [windows=8]
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { evaluateMessage } from '../../src-main/rules/pipeline.js';
import { measure } from './parts/pipeline-bench.js';
import { realisticMix } from './support/pipeline-mix.js';

type Evaluate = typeof evaluateMessage;
const otherRoot = process.argv[2];
if (!otherRoot) throw new Error('usage: compare-pipeline.ts OTHER_SRC_MAIN [windows]');
const windows = Number(process.argv[3] ?? 8);
const other = (await import(pathToFileURL(path.resolve(otherRoot, 'rules/pipeline.ts')).href)) as { evaluateMessage: Evaluate };
const mix = realisticMix();
const run = (evaluate: Evaluate) => () => {
  for (const { message, context } of mix) evaluate(message, context);
  return mix.length;
};
let before = 0;
let after = 0;
for (let i = 0; i < windows; i++) {
  before = Math.max(before, measure(1000, run(other.evaluateMessage)));
  after = Math.max(after, measure(1000, run(evaluateMessage)));
}
console.log(`before ${Math.round(before)} decisions/s, after ${Math.round(after)} decisions/s (x${(after / before).toFixed(2)}), best of ${windows} 1-s CPU windows each`);
