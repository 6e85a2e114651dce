/**
 * The message mixes the pipeline benchmark decides. A benchmark figure is only as honest as its
 * mix: imports cost HTML conversion, skips cost a few map reads, so the share of imports decides
 * decisions per second. Three mixes:
 *   realistic  the bench-scale generator's messages (packages/m365-sandbox/src/bench-*.ts: customer threads,
 *              internal, automated mail from customer domains, strangers, blocked, drafts, deleted),
 *              resampled by ground-truth outcome to the shares of a real sales mailbox, which is
 *              mostly internal, automated and unmatched mail (REALISTIC_SHARES);
 *   generator  the same messages as generated (about two thirds imports: a stress mix);
 *   demo       the demo generator's mix (comparable with the first figures, ~61% imports).
 */
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import { graphMessageSchema, type FolderInfo, type GraphMessage } from '../../../src-main/graph/graph-message.js';
import { createRuleContext, type RuleContext } from '../../../src-main/rules/pipeline.js';
import { buildBenchDirectory } from '@correspondent/m365-sandbox/bench-directory.js';
import { generateTeamMail } from '@correspondent/m365-sandbox/bench-mail.js';
import { generateDemoTenant } from '@correspondent/m365-sandbox/generator.js';
import type { SeedMessage } from '@correspondent/m365-sandbox/tenant-seed.js';
import { DEFAULT_EXCLUSIONS } from '../../../src-main/rules/capture-policy.js';
import type { ExclusionEntry } from '../../../src-shared/capture-policy.js';

/**
 * Every capture-policy rule on (issue 18): the default settings already skip private and
 * confidential mail, mask card numbers, IBANs and SSNs and cap mass mail at 15 recipients; the
 * lists add the default subject terms and an administrator's worth of addresses, domains and
 * per-mailbox entries (none of which the mix's participants match, so the rules run in full).
 */
export const BENCH_EXCLUSIONS: readonly ExclusionEntry[] = [
  ...DEFAULT_EXCLUSIONS,
  ...Array.from({ length: 500 }, (_, i): ExclusionEntry => ({ kind: 'address', value: `excluded${i}@elsewhere${i % 40}.example`, mailbox: null })),
  ...Array.from({ length: 100 }, (_, i): ExclusionEntry => ({ kind: 'domain', value: `excluded-domain${i}.example`, mailbox: null })),
  ...Array.from({ length: 40 }, (_, i): ExclusionEntry => ({ kind: 'subject', value: `project codename ${i}`, mailbox: null })),
  ...Array.from({ length: 200 }, (_, i): ExclusionEntry => ({ kind: 'address', value: `private${i}@home.example`, mailbox: `mailbox${i % 50}@bench.example` })),
];

export type MixItem = { message: GraphMessage; context: RuleContext; outcome: Outcome };
export type Outcome = 'import' | 'internal' | 'automated' | 'unmatched' | 'other';

/**
 * Shares of a sales rep's mailbox (an assumption, stated in the README): a quarter customer
 * correspondence; the rest colleagues, notifications and newsletters, people not in the CRM, and a
 * little blocked, draft and deleted mail.
 */
export const REALISTIC_SHARES: Readonly<Record<Outcome, number>> = { import: 0.25, internal: 0.35, automated: 0.2, unmatched: 0.15, other: 0.05 };

const WELL_KNOWN = new Set(['inbox', 'sentitems', 'archive', 'drafts', 'deleteditems', 'junkemail', 'outbox']);
const NOW = new Date('2026-06-01T12:00:00Z');

function folderOf(name: string): FolderInfo {
  return WELL_KNOWN.has(name) ? { id: name, wellKnownName: name, displayName: name } : { id: name, wellKnownName: null, displayName: name };
}

function outcomeOf(seeded: SeedMessage): Outcome {
  const expect = seeded.expect;
  if (!expect) return 'other';
  if (expect.verdict === 'import') return WELL_KNOWN.has(seeded.folder) && seeded.folder !== 'inbox' && seeded.folder !== 'sentitems' && seeded.folder !== 'archive' ? 'other' : 'import';
  if (expect.reason === 'internal-only') return 'internal';
  if (expect.reason === 'automated') return 'automated';
  if (expect.reason === 'no-crm-match') return 'unmatched';
  return 'other';
}

/** A Graph payload as the sync receives it: plain JSON (lazy bodies rendered), with an id. */
function asReceived(seeded: SeedMessage, id: string): GraphMessage {
  return graphMessageSchema.parse({ id, ...(JSON.parse(JSON.stringify(seeded.message)) as Record<string, unknown>) });
}

/** Every message of `teams` bench teams (about 4 x perMailbox copies each), with its outcome. */
export function generatorMix(teams = 6, perMailbox = 400): MixItem[] {
  const dir = buildBenchDirectory({ seed: 7, now: NOW, mailboxes: teams * 4 });
  const settings = createRuleContext({ orgDomains: dir.orgDomains, blockedDomains: dir.suggestedSettings?.blockedDomains ?? [], crm: CrmIndex.fromSnapshot(dir.crm), exclusions: BENCH_EXCLUSIONS });
  const mix: MixItem[] = [];
  for (let team = 0; team < teams; team++) {
    for (const seeded of generateTeamMail(dir, { seed: 7, now: NOW, perMailbox }, team).messages) {
      mix.push({ message: asReceived(seeded, `m${mix.length}`), context: { ...settings, mailbox: seeded.mailbox, folder: folderOf(seeded.folder) }, outcome: outcomeOf(seeded) });
    }
  }
  return mix;
}

/** The generator's messages resampled (deterministically, round robin per outcome) to `shares`. */
export function realisticMix(size = 6000, source = generatorMix(), shares = REALISTIC_SHARES): MixItem[] {
  const byOutcome = new Map<Outcome, MixItem[]>();
  for (const item of source) byOutcome.set(item.outcome, [...(byOutcome.get(item.outcome) ?? []), item]);
  const mix: MixItem[] = [];
  for (const [outcome, share] of Object.entries(shares) as [Outcome, number][]) {
    const pool = byOutcome.get(outcome) ?? [];
    if (pool.length === 0) throw new Error(`the bench generator produced no '${outcome}' messages`);
    for (let i = 0; i < Math.round(size * share); i++) mix.push(pool[i % pool.length] as MixItem);
  }
  // Interleave, so that no phase of the run sees only one kind of message (stable stride shuffle).
  const stride = 7919;
  return mix.map((_, i) => mix[(i * stride) % mix.length] as MixItem);
}

/** The demo generator's mix (30 seeds, automated mail included). */
export function demoMix(seeds = 30): MixItem[] {
  const mix: MixItem[] = [];
  for (let seed = 1; seed <= seeds; seed += 1) {
    const tenant = generateDemoTenant({ seed, now: NOW, includeAutomated: true });
    const settings = createRuleContext({ orgDomains: tenant.orgDomains, blockedDomains: tenant.suggestedSettings?.blockedDomains ?? [], crm: CrmIndex.fromSnapshot(tenant.crm), exclusions: BENCH_EXCLUSIONS });
    for (const seeded of tenant.messages) {
      mix.push({ message: asReceived(seeded, `m${mix.length}`), context: { ...settings, mailbox: seeded.mailbox, folder: folderOf(seeded.folder) }, outcome: outcomeOf(seeded) });
    }
  }
  return mix;
}

/** Share of each outcome in a mix, for the report. */
export function sharesOf(mix: readonly MixItem[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { import: 0, internal: 0, automated: 0, unmatched: 0, other: 0 };
  for (const item of mix) counts[item.outcome] += 1;
  for (const key of Object.keys(counts) as Outcome[]) counts[key] = Number((counts[key] / Math.max(1, mix.length)).toFixed(3));
  return counts;
}
