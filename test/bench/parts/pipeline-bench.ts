/**
 * Pipeline: decisions per second on one core over the sandbox generator's realistic mix (customer
 * threads, internal, unmatched, drafts... with HTML bodies), and HTML-to-text conversions per
 * second at 5 KB, 50 KB and 500 KB. Single-threaded, so per second = per core.
 */
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import { graphMessageSchema, type FolderInfo, type GraphMessage } from '../../../src-main/graph/graph-message.js';
import { bodyToText } from '../../../src-main/rules/body-text.js';
import { createRuleContext, evaluateMessage, type RuleContext } from '../../../src-main/rules/pipeline.js';
import { generateDemoTenant } from '../../../src-main/sandbox/generator.js';
import type { BenchPart } from '../bench-types.js';

const WELL_KNOWN = new Set(['inbox', 'sentitems', 'archive', 'drafts', 'deleteditems', 'junkemail', 'outbox']);

function buildMix(seeds: number): { message: GraphMessage; context: RuleContext }[] {
  const now = new Date('2026-06-01T12:00:00Z');
  const mix: { message: GraphMessage; context: RuleContext }[] = [];
  for (let seed = 1; seed <= seeds; seed += 1) {
    const tenant = generateDemoTenant({ seed, now });
    const settings = createRuleContext({ orgDomains: tenant.orgDomains, blockedDomains: [], crm: CrmIndex.fromSnapshot(tenant.crm) });
    for (const seeded of tenant.messages) {
      const folder: FolderInfo = WELL_KNOWN.has(seeded.folder)
        ? { id: seeded.folder, wellKnownName: seeded.folder, displayName: seeded.folder }
        : { id: seeded.folder, wellKnownName: null, displayName: seeded.folder };
      const message = graphMessageSchema.parse({ id: `m${mix.length}`, ...seeded.message });
      mix.push({ message, context: { ...settings, mailbox: seeded.mailbox, folder } });
    }
  }
  return mix;
}

/** Runs `work` repeatedly for at least `ms` after a warm-up; answers operations per second. */
function measure(ms: number, work: () => number): number {
  work();
  let operations = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < ms) {
    operations += work();
    elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return operations / (elapsed / 1000);
}

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

export const pipelineBench: BenchPart = {
  name: 'pipeline',
  description: 'rule decisions per second per core on the sandbox mix; HTML conversions per second',
  async run() {
    const mix = buildMix(30);
    const imports = mix.filter(({ message, context }) => evaluateMessage(message, context).verdict === 'import').length;
    const decisionsPerSec = measure(3000, () => {
      for (const { message, context } of mix) evaluateMessage(message, context);
      return mix.length;
    });
    const conversions: Record<string, number> = {};
    for (const kb of [5, 50, 500]) {
      const body = { contentType: 'html' as const, content: htmlOfSize(kb * 1024) };
      conversions[`${kb}kb`] = measure(2000, () => (bodyToText(body), 1));
    }
    return {
      figures: {
        decisionsPerSecPerCore: Math.round(decisionsPerSec),
        mixMessages: mix.length,
        mixImportShare: Number((imports / mix.length).toFixed(3)),
        htmlConversionsPerSec5kb: Math.round(conversions['5kb'] ?? 0),
        htmlConversionsPerSec50kb: Math.round(conversions['50kb'] ?? 0),
        htmlConversionsPerSec500kb: Math.round(conversions['500kb'] ?? 0),
      },
      rows: [
        { metric: 'decisionsPerSecPerCore', value: decisionsPerSec, unit: 'decisions/s', target: { op: '>=', value: 20_000 } },
        { metric: 'htmlConversionsPerSec5kb', value: conversions['5kb'] ?? 0, unit: 'conversions/s' },
        { metric: 'htmlConversionsPerSec50kb', value: conversions['50kb'] ?? 0, unit: 'conversions/s' },
        { metric: 'htmlConversionsPerSec500kb', value: conversions['500kb'] ?? 0, unit: 'conversions/s' },
      ],
      notes: [`mix: ${mix.length} messages from 30 generated demo tenants, ${((imports / mix.length) * 100).toFixed(0)}% imported`],
    };
  },
};
