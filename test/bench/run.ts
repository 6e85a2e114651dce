/**
 * `npm run bench [-- part ...]`: runs the benchmark parts (all by default), prints a table with
 * each figure against its target and the previous run's figure, and merges the figures into
 * test/bench/results/latest.json (machine info and git commit included). Benchmarks only: the
 * test suites never assert timings.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchPart, BenchRow } from './bench-types.js';
import { machineInfo } from './machine-info.js';
import { pipelineBench } from './parts/pipeline-bench.js';
import { storeBench } from './parts/store-bench.js';
import { firstSyncBench } from './parts/first-sync-bench.js';
import { steadyStateBench } from './parts/steady-state-bench.js';
import { memoryBench } from './parts/memory-bench.js';
import { crmBench } from './parts/crm-bench.js';
import { crmConnectorsBench } from './parts/crm-connectors-bench.js';
import { headerFirstBench } from './parts/header-first-bench.js';
import { fleetBench } from './parts/fleet-bench.js';
import { growthBench } from './parts/growth-bench.js';

const PARTS: BenchPart[] = [pipelineBench, firstSyncBench, steadyStateBench, memoryBench, storeBench, crmBench, crmConnectorsBench, headerFirstBench, fleetBench, growthBench];
/** Parts that run only when named (`npm run bench -- growth`): the growth part fills 2,000,000 emails, about half an hour. */
const ON_REQUEST = new Set(['growth']);
const resultsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');

type Figures = Record<string, unknown>;
/** latest.json: machine info, then one object of figures per part (e.g. pipeline.decisionsPerSecPerCore). */
type Results = { machine: ReturnType<typeof machineInfo>; ranAt: string } & Record<string, unknown>;

function verdict(row: BenchRow): string {
  if (!row.target) return '';
  const met = row.target.op === '>=' ? row.value >= row.target.value : row.value < row.target.value;
  if (met) return `met (${row.target.op} ${row.target.value})`;
  const by = row.target.op === '>=' ? row.target.value / row.value : row.value / row.target.value;
  return `MISSED (${row.target.op} ${row.target.value}; off by x${by.toFixed(2)})`;
}

function format(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  // Small ratios (an efficiency of 0.004) keep two significant digits instead of reading 0.00.
  return value !== 0 && Math.abs(value) < 0.01 ? value.toPrecision(2) : value.toFixed(2);
}

/** Part names, and `--name value` options passed to every part. */
function parseArgs(args: string[]): { wanted: string[]; options: BenchOptions } {
  const wanted: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) options[arg.slice(2)] = args[++i] ?? '';
    else wanted.push(arg);
  }
  return { wanted, options };
}

async function main(): Promise<void> {
  const { wanted, options } = parseArgs(process.argv.slice(2));
  const unknown = wanted.filter((w) => !PARTS.some((p) => p.name === w));
  if (unknown.length > 0) {
    console.error(`bench: unknown part(s) ${unknown.join(', ')}; parts: ${PARTS.map((p) => p.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const previous: Results | null = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Results) : null;
  const results: Results = { ...(previous ?? {}), machine: machineInfo(), ranAt: new Date().toISOString() };
  const table: string[][] = [['part', 'metric', 'value', 'unit', 'previous', 'target']];
  for (const part of PARTS.filter((p) => (wanted.length === 0 ? !ON_REQUEST.has(p.name) : wanted.includes(p.name)))) {
    console.error(`bench: ${part.name} - ${part.description}`);
    let result;
    try {
      result = await part.run(options);
    } catch (error) {
      // One failed part must not lose the others' figures.
      console.error(`bench: ${part.name} FAILED:`, error);
      process.exitCode = 1;
      continue;
    }
    const before = (previous?.[part.name] ?? {}) as Figures;
    for (const row of result.rows) {
      const old = before[row.metric];
      table.push([part.name, row.metric, format(row.value), row.unit, typeof old === 'number' ? format(old) : '-', verdict(row)]);
    }
    for (const note of result.notes ?? []) console.error(`  note: ${note}`);
    results[part.name] = { ...result.figures, ranAt: results.ranAt };
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  }
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  console.log(`\nmachine: ${results.machine.cpuModel}, ${results.machine.cores} cores, ${results.machine.memoryGb} GB, node ${results.machine.node}, commit ${results.machine.commit.slice(0, 10)}${results.machine.dirty ? ' (dirty)' : ''}`);
  console.log(`written: ${path.relative(process.cwd(), resultsFile)}`);
}

await main();
