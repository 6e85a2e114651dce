/**
 * Measures the pipeline on the labelled corpus (test/corpus, written from
 * shared/docs/automated-mail.md before the detector): precision and recall of "automated" and of
 * "imported", printed on every run. Fails when import precision drops below 0.97 (we must not fill
 * the customer's database with machine mail) or import recall below 0.95 (nor lose correspondence).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../src-shared/settings.js';
import { CrmIndex } from '../../../src-main/crm/crm-index.js';
import { readCrmDirectory } from '../../../src-main/crm/read-crm-directory.js';
import type { GraphMessage } from '../../../src-main/graph/graph-message.js';
import { evaluateMessage } from '../../../src-main/rules/pipeline.js';
import { folderInfoOf, ownMessageIdsOf, previewRuleSettings } from '../../../src-main/rules/preview.js';

const corpusDir = path.resolve(import.meta.dirname, '../../corpus');

type Entry = { label: { verdict: 'import' | 'skip'; reason?: string; category: string }; mailbox: string; folder: string; message: GraphMessage };
type Outcome = { entry: Entry; verdict: string; code: string; detail: string };

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

function precisionRecall(outcomes: Outcome[], expected: (o: Outcome) => boolean, predicted: (o: Outcome) => boolean) {
  const truePositives = outcomes.filter((o) => expected(o) && predicted(o)).length;
  return {
    precision: ratio(truePositives, outcomes.filter(predicted).length),
    recall: ratio(truePositives, outcomes.filter(expected).length),
  };
}

describe('labelled corpus', () => {
  let outcomes: Outcome[] = [];

  beforeAll(async () => {
    const entries = readFileSync(path.join(corpusDir, 'messages.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Entry);
    const settings = settingsSchema.parse(JSON.parse(readFileSync(path.join(corpusDir, 'settings.json'), 'utf8')));
    const { snapshot, rejected } = await readCrmDirectory(path.join(corpusDir, 'crm'));
    expect(rejected).toEqual([]);
    const envelopes = entries.map((entry) => ({ id: entry.message.id, mailbox: entry.mailbox, folder: entry.folder, message: entry.message }));
    expect(ownMessageIdsOf(envelopes, settings.orgDomains).size).toBeGreaterThan(20);
    const ruleSettings = previewRuleSettings(envelopes, { ...settings, crm: CrmIndex.fromSnapshot(snapshot) });
    outcomes = entries.map((entry) => {
      const decision = evaluateMessage(entry.message, { ...ruleSettings, mailbox: entry.mailbox, folder: folderInfoOf(entry.folder) });
      return { entry, verdict: decision.verdict, code: decision.reasons[0]?.code ?? '', detail: decision.reasons.map((r) => `${r.code}: ${r.detail}`).join(' | ') };
    });
  });

  it('has at least 200 labelled messages covering every category', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(200);
    const categories = new Set(outcomes.map((o) => o.entry.label.category));
    for (const category of ['newsletter', 'receipt', 'notification', 'auto-reply', 'bounce', 'calendar', 'sales-tool-out', 'sales-tool-in', 'helpdesk-agent', 'mailing-list-post', 'marketing-from-customer', 'correspondence-in', 'correspondence-out']) {
      expect(categories).toContain(category);
    }
  });

  it('reaches the precision and recall floors (figures printed)', () => {
    const isAutomated = (o: Outcome) => o.entry.label.reason === 'automated';
    const predictedAutomated = (o: Outcome) => o.verdict === 'skip' && o.code === 'automated';
    const isImport = (o: Outcome) => o.entry.label.verdict === 'import';
    const predictedImport = (o: Outcome) => o.verdict === 'import';
    const automated = precisionRecall(outcomes, isAutomated, predictedAutomated);
    const imported = precisionRecall(outcomes, isImport, predictedImport);
    const wrong = outcomes.filter((o) => o.verdict !== o.entry.label.verdict || (o.verdict === 'skip' && o.code !== o.entry.label.reason));
    const lines = [
      `corpus: ${outcomes.length} messages, ${outcomes.length - wrong.length} decided as labelled`,
      `automated: precision ${automated.precision.toFixed(3)}, recall ${automated.recall.toFixed(3)}`,
      `imported:  precision ${imported.precision.toFixed(3)}, recall ${imported.recall.toFixed(3)}`,
      ...wrong.map((o) => `  MISS ${o.entry.label.category} "${o.entry.message.subject}": expected ${o.entry.label.verdict}${o.entry.label.reason ? `/${o.entry.label.reason}` : ''}, got ${o.verdict} (${o.detail})`),
    ];
    console.log(lines.join('\n'));
    expect(imported.precision).toBeGreaterThanOrEqual(0.97);
    expect(imported.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('decides every message of the earlier rules exactly as labelled', () => {
    const earlier = outcomes.filter((o) => o.entry.label.verdict === 'skip' && o.entry.label.reason !== 'automated');
    expect(earlier.filter((o) => o.code !== o.entry.label.reason).map((o) => o.entry.message.subject)).toEqual([]);
  });
});
