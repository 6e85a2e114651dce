/** Not a test: prints the functions with the most self time (and their files) of a .cpuprofile. Run: npx tsx test/bench/support/top-functions.ts FILE [N] */
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
const profile = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const limit = Number(process.argv[3] ?? 30);
const self = new Map<string, number>();
const dt = profile.timeDeltas;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const hits = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const sample = profile.samples[i] as number;
  hits.set(sample, (hits.get(sample) ?? 0) + (dt[i] ?? 0));
}
let total = 0;
for (const [id, us] of hits) {
  const f = (byId.get(id) as Node).callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src-main|test)\//, '$1/')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + us);
  total += us;
}
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, limit)) console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
