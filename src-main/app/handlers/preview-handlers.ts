/**
 * `preview.run`: the console's rule preview. Decides messages from live mailboxes (read through
 * the app's Graph connection for a date range), pasted Graph JSON or dropped .eml files with
 * src-main/rules/preview.ts runPreview, the function `correspondent preview` runs, so console and
 * CLI cannot disagree. Nothing is stored, logged or cached: the result goes back to the console.
 * Thread reciprocity sees what the sync sees: Message-IDs our side sent, both in the input and
 * already stored. A live mailbox goes through the sync's two stages: envelopes first, content only
 * for what the envelope rules leave open; each line says at which stage it was decided.
 */
import type { ApiHandlers, ApiParsedInput } from '../../../src-shared/api.js';
import { AppError } from '../../../src-shared/errors.js';
import { PREVIEW_MAX_MESSAGES, type PreviewLineView, type PreviewMailboxFailure, type PreviewSource } from '../../../src-shared/preview.js';
import type { Settings } from '../../../src-shared/settings.js';
import type { GraphMailReader } from '../../graph/graph-mail-reader.js';
import { readMailboxesForPreview } from '../../graph/preview-reader.js';
import { domainOf, normaliseDomains } from '../../rules/address.js';
import { addReferencedIds, isAddressWithin } from '../../rules/pipeline.js';
import { envelopeRead, ownMessageIdsOf, previewRuleSettings, runPreview, type PreviewEnvelope } from '../../rules/preview.js';
import type { RuleSettings } from '../../rules/rule-context.js';
import type { ExclusionInput } from '../../../src-shared/capture-policy.js';
import type { ExclusionDirectory } from '../exclusion-directory.js';
import { envelopePlace } from '../../rules/simulation-result.js';
import type { MailStore } from '../../store/mail-store.js';
import type { CrmDirectory } from '../crm-directory.js';
import { fetchPreviewContent } from '../preview-content.js';
import { envelopesFromEml, envelopesFromGraphJson } from '../preview-sources.js';

export type PreviewHandlerDeps = {
  store: Pick<MailStore, 'mailboxRecords' | 'listMailboxes' | 'sentByUs'>;
  crm: Pick<CrmDirectory, 'index' | 'refreshIfChanged'>;
  /** The stored exclusion lists (the sync applies them too). */
  exclusions: Pick<ExclusionDirectory, 'entries' | 'refreshIfChanged'>;
  reader: () => GraphMailReader;
  settings: () => Settings;
  now: () => Date;
};

type Prepared = { envelopes: PreviewEnvelope[]; truncated: boolean; failures: PreviewMailboxFailure[] };
type Read = Prepared & { /** Live mailboxes' Graph user ids: their envelopes still need the content stage. */ graphIds?: Map<string, string> };

/** A capture policy a preview decides with: settings and exclusion lists. */
export type PreviewPolicy = { settings: Settings; exclusions: readonly ExclusionInput[] };

/** Organisation domains: the configured ones, else those of the known mailboxes. */
async function orgDomainsOf(deps: PreviewHandlerDeps): Promise<string[]> {
  const configured = deps.settings().orgDomains;
  if (configured.length > 0) return configured;
  return normaliseDomains((await deps.store.listMailboxes()).map((m) => domainOf(m.address)));
}

async function readMailboxes(deps: PreviewHandlerDeps, source: Extract<PreviewSource, { kind: 'mailboxes' }>): Promise<Read> {
  const since = new Date(source.since);
  const until = source.until === undefined ? deps.now() : new Date(source.until);
  if (since.getTime() >= until.getTime()) throw new AppError('invalid-input', 'The start of the date range must be before its end.', { issues: [{ path: 'source.since', message: 'must be before the end date' }] });
  const records = await deps.store.mailboxRecords(source.addresses);
  const unknown = source.addresses.filter((address) => !records.some((r) => r.address === address));
  if (unknown.length > 0) throw new AppError('invalid-input', `Unknown mailbox: ${unknown.slice(0, 3).join(', ')}.`, { issues: [{ path: 'source.addresses', message: 'not a known mailbox' }] });
  const read = await readMailboxesForPreview(deps.reader(), records, { since, until }, PREVIEW_MAX_MESSAGES);
  const envelopes = read.messages.map((m, index): PreviewEnvelope => {
    const id = (m.message as { id?: unknown } | null)?.id;
    return { id: typeof id === 'string' ? id : `message ${index + 1}`, mailbox: m.mailbox, folder: m.folder, message: m.message, read: m.read };
  });
  return { envelopes, truncated: read.truncated, failures: read.failures, graphIds: new Map(records.map((r) => [r.address, r.graphUserId])) };
}

async function prepare(deps: PreviewHandlerDeps, source: PreviewSource, orgDomains: string[]): Promise<Read> {
  if (source.kind === 'mailboxes') return readMailboxes(deps, source);
  if (source.kind === 'graphJson') return { envelopes: envelopesFromGraphJson(source.text, orgDomains), truncated: false, failures: [] };
  return { envelopes: await envelopesFromEml(source.files, orgDomains), truncated: false, failures: [] };
}

/** Message-IDs the input's messages reply to or reference (In-Reply-To, References). */
function referencedIds(envelopes: readonly PreviewEnvelope[]): string[] {
  const ids: string[] = [];
  for (const envelope of envelopes) {
    if (!('message' in envelope)) continue;
    const read = envelopeRead(envelope);
    if (read.ok) addReferencedIds(read.message.headers, ids);
  }
  return ids;
}

/** What both a preview and a simulation need: the envelopes (and mailboxes that could not be read), and which Message-IDs our side sent (in the input and stored). */
export type PreparedPreview = Prepared & { orgDomains: string[]; isOwnMessageId: (id: string) => boolean };

/**
 * `policies`: what the preview will decide with (read after the lists are refreshed; default the
 * current settings and lists) - a live mailbox's messages that any of them leaves open on the
 * envelope get their content fetched (preview-content.ts).
 */
export async function preparePreview(deps: PreviewHandlerDeps, source: PreviewSource, policies?: () => readonly PreviewPolicy[]): Promise<PreparedPreview> {
  const orgDomains = await orgDomainsOf(deps);
  if (orgDomains.length === 0) throw new AppError('not-configured', 'No organisation domains are known yet: set them in the settings or connect the tenant first.');
  const read = await prepare(deps, source, orgDomains);
  const { truncated, failures } = read;
  await deps.crm.refreshIfChanged();
  await deps.exclusions.refreshIfChanged();
  let envelopes = read.envelopes;
  if (read.graphIds) {
    const graphIds = read.graphIds;
    // The envelope stage never reads thread references: no Message-IDs of ours needed yet.
    const envelopeOnly: PreparedPreview = { envelopes, truncated, failures, orgDomains, isOwnMessageId: () => false };
    const chosen = policies?.() ?? [{ settings: deps.settings(), exclusions: deps.exclusions.entries() }];
    const settingsList = chosen.map((policy) => previewSettingsFor(envelopeOnly, policy.settings, policy.exclusions, deps));
    envelopes = await fetchPreviewContent(envelopes, settingsList, deps.reader(), (mailbox) => graphIds.get(mailbox));
  }
  const org = new Set(normaliseDomains(orgDomains));
  const stored = await deps.store.sentByUs(referencedIds(envelopes), (address) => isAddressWithin(address, org));
  const inInput = ownMessageIdsOf(envelopes, orgDomains);
  return { envelopes, truncated, failures, orgDomains, isOwnMessageId: (id) => stored.has(id) || inInput.has(id) };
}

/** The rule settings of a preview: these settings and exclusion lists, the organisation domains and sent Message-IDs the preparation found. */
export function previewSettingsFor(prepared: PreparedPreview, settings: Settings, exclusions: readonly ExclusionInput[], deps: Pick<PreviewHandlerDeps, 'crm'>): RuleSettings {
  return previewRuleSettings(prepared.envelopes, {
    orgDomains: prepared.orgDomains,
    blockedDomains: settings.blockedDomains,
    automatedMail: settings.automatedMail,
    capturePolicy: settings.capturePolicy,
    exclusions,
    crm: deps.crm.index(),
    isOwnMessageId: prepared.isOwnMessageId,
  });
}


export async function runConsolePreview(deps: PreviewHandlerDeps, input: ApiParsedInput<'preview.run'>) {
  const prepared = await preparePreview(deps, input.source);
  const { envelopes, truncated, failures } = prepared;
  const result = runPreview(envelopes, previewSettingsFor(prepared, deps.settings(), deps.exclusions.entries(), deps));
  const lines = result.lines.map((line, index): PreviewLineView => {
    const envelope = envelopes[index]!;
    const email = line.verdict === 'import' ? line.decision.email : undefined;
    return {
      id: line.id,
      internetMessageId: line.internetMessageId,
      verdict: line.verdict,
      reasons: line.reasons,
      stage: line.stage,
      ...envelopePlace(envelope),
      // Skipped mail's content is never shown: only imports carry what the sync would store.
      captured: email
        ? {
            from: email.from.address,
            to: email.to.map((a) => a.address),
            cc: email.cc.map((a) => a.address),
            subject: email.subject,
            sentAt: email.sentAt,
            accountIds: line.decision.match?.accountIds ?? [],
          }
        : null,
    };
  });
  return { lines, summary: result.summary, truncated, failures };
}

export function previewHandlers(deps: PreviewHandlerDeps): Pick<ApiHandlers, 'preview.run'> {
  return { 'preview.run': (input) => runConsolePreview(deps, input) };
}
