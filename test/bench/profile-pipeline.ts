/**
 * Not a test: runs the realistic pipeline mix for a while, for a CPU profile. Run:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx test/bench/profile-pipeline.ts [seconds=8]
 *   npx tsx test/bench/support/top-functions.ts /tmp/prof/<largest>.cpuprofile
 */
import { evaluateMessage } from '../../src-main/rules/pipeline.js';
import { realisticMix } from './support/pipeline-mix.js';

const seconds = Number(process.argv[2] ?? 8);
const mix = realisticMix();
const until = Date.now() + seconds * 1000;
let decisions = 0;
while (Date.now() < until) {
  for (const { message, context } of mix) evaluateMessage(message, context);
  decisions += mix.length;
}
console.log(`${decisions} decisions`);
