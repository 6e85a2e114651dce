/**
 * Pipeline: decisions per second on one core over the realistic mix (support/pipeline-mix.ts: the
 * bench-scale generator's messages resampled to a real mailbox's shares), with the generator's own
 * mix and the demo mix alongside; and HTML-to-text conversions per second at 5 KB, 50 KB and
 * 500 KB. Single-threaded, so per second = per core. Each figure is the median of --processes
 * (default 5) separate processes, one after another (support/pipeline-child.ts).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readPage } from '../../../src-main/rules/read-page.js';
import { bodyToText } from '../../../src-main/rules/body-text.js';
import { evaluateMessage, evaluateMessageView } from '../../../src-main/rules/pipeline.js';
import { numberOption, type BenchPart } from '../bench-types.js';
import { demoMix, generatorMix, realisticMix, sharesOf, type MixItem } from '../support/pipeline-mix.js';

/**
 * Runs `work` for `ms` of CPU time after a warm-up of WARM_UP_MS, in windows of WINDOW_MS, and
 * answers the median window's operations per CPU-second of this process. CPU time, not wall time:
 * the figure is per core, and a machine shared with other work must not make the pipeline look
 * slower than it is. A warm-up, so that V8 has optimised the hot code before anything is counted;
 * the median, so that a window slowed by a neighbour on the same physical core (or flattered by
 * nothing else running) does not decide the figure.
 */
export function measure(ms: number, work: () => number): number {
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const warm = process.cpuUsage();
  do work();
  while (cpuMs(warm) < WARM_UP_MS);
  const rates: number[] = [];
  for (let total = 0; total < ms; ) {
    const started = process.cpuUsage();
    let operations = 0;
    let elapsed = 0;
    while (elapsed < WINDOW_MS) {
      operations += work();
      elapsed = cpuMs(started);
    }
    rates.push(operations / (elapsed / 1000));
    total += elapsed;
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] as number;
}

const WARM_UP_MS = 1000;
const WINDOW_MS = 250;

/** A marketing-style HTML body of about `bytes`: styles, a layout table, links, a tracking pixel. */
export function htmlOfSize(bytes: number): string {
  const head = '<html><head><style>p{margin:0} .x{color:#333}</style></head><body><table><tr><td>';
  const tail = '<img src="https://t.example/pixel.gif" width="1" height="1"></td></tr></table></body></html>';
  const paragraph =
    '<p class="x">Thanks for the call today. As discussed, the <a href="https://customer.example/quote">updated quote</a> covers 40 seats with the onboarding package, and we can start the pilot on the first of next month.</p>\n';
  let html = head;
  while (html.length + paragraph.length + tail.length < bytes) html += paragraph;
  return html + tail;
}

function decisionsPerSec(mix: readonly MixItem[], ms: number): number {
  return measure(ms, () => {
    for (const { message, context } of mix) evaluateMessage(message, context);
    return mix.length;
  });
}

/** As the sync does it: the raw delta item read once by the page step (rules/read-page.ts), then decided. */
function syncPathPerSec(mix: readonly MixItem[], ms: number): number {
  const raw = mix.map((item) => ({ raw: JSON.parse(JSON.stringify(item.message)) as unknown, context: item.context }));
  return measure(ms, () => {
    for (const { raw: payload, context } of raw) {
      for (const { read } of readPage([payload]).items) evaluateMessageView(read, context);
    }
    return raw.length;
  });
}

function importShare(mix: readonly MixItem[]): number {
  const imports = mix.filter(({ message, context }) => evaluateMessage(message, context).verdict === 'import').length;
  return Number((imports / Math.max(1, mix.length)).toFixed(3));
}

/** One process's rates: a separate process per run, because V8's optimisation of the same code differs from process to process. */
export type PipelineRates = {
  realistic: number;
  generator: number;
  demo: number;
  syncPath: number;
  html5kb: number;
  html50kb: number;
  html500kb: number;
};

export function measurePipelineOnce(): PipelineRates {
  const generated = generatorMix();
  const realistic = realisticMix(6000, generated);
  const demo = demoMix();
  const rates = {
    realistic: decisionsPerSec(realistic, 4000),
    generator: decisionsPerSec(generated, 2000),
    demo: decisionsPerSec(demo, 2000),
    syncPath: syncPathPerSec(realistic, 2000),
  };
  const html = (kb: number) => {
    const body = { contentType: 'html' as const, content: htmlOfSize(kb * 1024) };
    return measure(2000, () => (bodyToText(body), 1));
  };
  return { ...rates, html5kb: html(5), html50kb: html(50), html500kb: html(500) };
}

const CHILD = fileURLToPath(new URL('../support/pipeline-child.ts', import.meta.url));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export const pipelineBench: BenchPart = {
  name: 'pipeline',
  description: 'rule decisions per second per core on the realistic mix (bench generator, resampled); HTML conversions per second',
  async run(options) {
    const processes = Math.max(1, Math.round(numberOption(options, 'processes', 5)));
    const runs: PipelineRates[] = [];
    for (let i = 0; i < processes; i++) {
      runs.push(JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', CHILD], { encoding: 'utf8' })) as PipelineRates);
    }
    const of = (key: keyof PipelineRates) => median(runs.map((r) => r[key]));
    const realisticRate = of('realistic');
    const generatorRate = of('generator');
    const demoRate = of('demo');
    const syncPathRate = of('syncPath');
    const conversions = { '5kb': of('html5kb'), '50kb': of('html50kb'), '500kb': of('html500kb') };
    const generated = generatorMix();
    const realistic = realisticMix(6000, generated);
    const demo = demoMix();
    const shares = sharesOf(realistic);
    const realisticImports = importShare(realistic);
    const generatorImports = importShare(generated);
    const demoImports = importShare(demo);
    return {
      figures: {
        decisionsPerSecPerCore: Math.round(realisticRate),
        decisionsPerSecPerCoreRuns: runs.map((r) => Math.round(r.realistic)).join(', '),
        processes,
        mix: 'realistic: bench-scale generator (packages/m365-sandbox/src/bench-*.ts) resampled to a real mailbox share',
        mixMessages: realistic.length,
        mixImportShare: realisticImports,
        mixShares: JSON.stringify(shares),
        syncPathDecisionsPerSecPerCore: Math.round(syncPathRate),
        generatorMixDecisionsPerSecPerCore: Math.round(generatorRate),
        generatorMixImportShare: generatorImports,
        demoMixDecisionsPerSecPerCore: Math.round(demoRate),
        demoMixImportShare: demoImports,
        htmlConversionsPerSec5kb: Math.round(conversions['5kb'] ?? 0),
        htmlConversionsPerSec50kb: Math.round(conversions['50kb'] ?? 0),
        htmlConversionsPerSec500kb: Math.round(conversions['500kb'] ?? 0),
      },
      rows: [
        { metric: 'decisionsPerSecPerCore', value: realisticRate, unit: 'decisions/s', target: { op: '>=', value: 20_000 } },
        { metric: 'syncPathDecisionsPerSecPerCore', value: syncPathRate, unit: 'decisions/s' },
        { metric: 'generatorMixDecisionsPerSecPerCore', value: generatorRate, unit: 'decisions/s' },
        { metric: 'demoMixDecisionsPerSecPerCore', value: demoRate, unit: 'decisions/s' },
        { metric: 'htmlConversionsPerSec5kb', value: conversions['5kb'] ?? 0, unit: 'conversions/s' },
        { metric: 'htmlConversionsPerSec50kb', value: conversions['50kb'] ?? 0, unit: 'conversions/s' },
        { metric: 'htmlConversionsPerSec500kb', value: conversions['500kb'] ?? 0, unit: 'conversions/s' },
      ],
      notes: [
        `mix (decisionsPerSecPerCore): REALISTIC - ${realistic.length} messages of the bench-scale generator resampled to ${Object.entries(shares).map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`).join(', ')}; ${(realisticImports * 100).toFixed(0)}% imported`,
        `generator mix as generated: ${generated.length} messages, ${(generatorImports * 100).toFixed(0)}% imported; demo mix: ${demo.length} messages, ${(demoImports * 100).toFixed(0)}% imported`,
        'syncPath includes the sync\'s page step reading each raw delta item once (src-main/rules/read-page.ts)',
        `each figure is the median of ${processes} processes (--processes); realistic mix per process: ${runs.map((r) => Math.round(r.realistic)).join(', ')}`,
      ],
    };
  },
};
