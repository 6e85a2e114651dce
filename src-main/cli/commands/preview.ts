/**
 * `correspondent preview` (shared/docs/cli.md "Rules"): decides messages without storing
 * anything. This file only reads the inputs (envelopes, .eml files, CRM CSVs, settings) and
 * prints; the decisions and the summary come from src-main/rules/preview.ts, the same code the
 * console's rule preview runs. Bad input fails as a whole with one line naming file and line;
 * a message that cannot be evaluated still gets its line (verdict skip, reason unreadable).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { parseDateOption } from '../parse-date.js';
import { simpleParser } from 'mailparser';
import { AppError } from '../../../src-shared/errors.js';
import { settingsSchema, type Settings } from '../../../src-shared/settings.js';
import { CrmIndex } from '../../crm/crm-index.js';
import type { CrmSnapshot } from '@correspondent/contract';
import { readCrmDirectory } from '../../crm/read-crm-directory.js';
import { domainOf, findDomainOrParent, normaliseAddress, normaliseDomains } from '../../rules/address.js';
import { emlDateProblem, emlToGraphMessage, type ParsedEml } from '../../rules/eml-message.js';
import { orgDomainsFromMailboxes, previewRuleSettings, runPreview, type PreviewEnvelope, type PreviewResult } from '../../rules/preview.js';
import { previewJsonLine, previewSummaryText, previewTable, type PrintableLine } from '../../rules/preview-format.js';
import type { SimulationResult } from '../../../src-shared/capture-api.js';
import { readExclusionsFile, readDraftFile, runFileSimulation, printSimulation } from './preview-simulate.js';

/** What the command needs of the CLI context (a subset of cli-context.ts CliContext). */
export type PreviewCliContext = {
  io: { stdout(text: string): void; stderr(text: string): void };
  /** Audits the run (issue 8) when the installation has a database; see cli/commands/audit.ts previewAuditor. */
  recordPreview?: (run: { input: 'messages' | 'eml'; summary: PreviewResult['summary'] }) => Promise<void>;
  /** Decides a live mailbox's mail since a date through the connected tenant (the console's preview.run). */
  previewLiveMailbox?: (
    command: Command,
    mailbox: string,
    since: Date,
  ) => Promise<{ lines: PrintableLine[]; summary: PreviewResult['summary']; truncated: boolean }>;
  /** Simulates a draft on a live mailbox's mail since a date, against the stored settings and lists (the console's capture.simulate). */
  simulateLiveMailbox?: (command: Command, mailbox: string, since: Date, draft: unknown) => Promise<SimulationResult>;
};

type PreviewFlags = {
  messages?: string;
  eml?: string;
  mailbox?: string;
  since?: Date;
  crm?: string;
  settings?: string;
  /** A capture-policy draft (settings fields and/or the exclusion list) to simulate against the current policy. */
  settingsDraft?: string;
  /** The current exclusion lists as CSV (kind,value,mailbox); default: the default subject terms. */
  exclusions?: string;
  json?: boolean;
};

const EMPTY_CRM: CrmSnapshot = { accounts: [], contacts: [], leads: [], opportunities: [], users: [] };

function invalid(message: string, cause?: unknown): AppError {
  return new AppError('invalid-input', message, { cause });
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw invalid(`${file}: cannot read the file`, error);
  }
}

function jsonErrorLine(text: string, error: unknown): number {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return position === undefined ? 1 : text.slice(0, Number(position)).split('\n').length;
}

export async function readSettingsFile(file: string | undefined): Promise<Settings> {
  if (file === undefined) return settingsSchema.parse({});
  const text = await readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(`${file}:${jsonErrorLine(text, error)}: not valid JSON`, error);
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${file}: settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Message envelopes, one JSON object per line (cli.md "Formats"). */
export async function readEnvelopes(file: string): Promise<PreviewEnvelope[]> {
  const text = await readText(file);
  const out: PreviewEnvelope[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index]!.trim();
    if (raw === '') continue;
    const where = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw invalid(`${where}: not valid JSON`, error);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${where}: an envelope must be a JSON object`);
    const envelope = value as { mailbox?: unknown; folder?: unknown; message?: unknown };
    if (typeof envelope.mailbox !== 'string' || typeof envelope.folder !== 'string') {
      throw invalid(`${where}: an envelope needs "mailbox" and "folder" strings`);
    }
    const message = envelope.message as { id?: unknown; internetMessageId?: unknown } | undefined;
    const id = typeof message?.id === 'string' && message.id !== '' ? message.id : `${path.basename(file)}:${index + 1}`;
    if (typeof message !== 'object' || message === null) {
      out.push({ id, internetMessageId: null, problem: `line ${index + 1}: the envelope has no message object` });
    } else {
      out.push({ id, mailbox: envelope.mailbox, folder: envelope.folder, message });
    }
  }
  return out;
}

/** Each .eml file as received in the inbox of its first organisation To address, else of `fallbackMailbox`. */
export async function readEmlDirectory(dir: string, orgDomains: readonly string[], fallbackMailbox: string | undefined): Promise<PreviewEnvelope[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.eml')).sort();
  } catch (error) {
    throw invalid(`${dir}: cannot read the directory`, error);
  }
  if (names.length === 0) throw invalid(`${dir}: no .eml files`);
  const org = new Set(normaliseDomains(orgDomains));
  const out: PreviewEnvelope[] = [];
  for (const name of names) {
    const buffer = await readFile(path.join(dir, name));
    let parsed: ParsedEml;
    try {
      parsed = (await simpleParser(buffer)) as ParsedEml;
    } catch {
      out.push({ id: name, internetMessageId: null, problem: 'the file could not be parsed as an RFC 5322 message' });
      continue;
    }
    const message = emlToGraphMessage(parsed, name);
    const to = (message.toRecipients ?? []).map((r) => normaliseAddress(r.emailAddress?.address)).filter((a): a is string => a !== null);
    const mailbox = to.find((address) => findDomainOrParent(domainOf(address), org) !== null) ?? fallbackMailbox;
    const undated = emlDateProblem(message);
    if (undated !== null) {
      out.push({ id: name, internetMessageId: message.internetMessageId ?? null, problem: undated });
    } else if (mailbox === undefined) {
      out.push({ id: name, internetMessageId: message.internetMessageId ?? null, problem: 'no To address belongs to an organisation domain; name the mailbox with --mailbox' });
    } else {
      out.push({ id: name, mailbox, folder: 'inbox', message });
    }
  }
  return out;
}

function checkFlags(flags: PreviewFlags): void {
  const sources = [flags.messages, flags.eml].filter((value) => value !== undefined).length;
  if (sources > 1) throw invalid('preview: use one of --messages, --eml or --mailbox with --since');
  if (sources === 0) {
    if (flags.mailbox === undefined) throw invalid('preview: name the input with --messages FILE.jsonl, --eml DIR or --mailbox ADDR --since DATE');
    // An invalid --since never gets here: parseDateOption refuses it as invalid, with its value.
    if (flags.since === undefined) throw invalid('preview: --mailbox without --messages or --eml needs --since DATE (an ISO date)');
    return;
  }
  if (flags.since !== undefined) throw invalid('preview: --since applies only to a live mailbox (--mailbox without --messages or --eml)');
  if (flags.mailbox !== undefined && normaliseAddress(flags.mailbox) === null) throw invalid(`preview: --mailbox ${flags.mailbox} is not an email address`);
}

function orgDomainsFor(settings: Settings, flags: PreviewFlags, envelopes: readonly PreviewEnvelope[] | null): string[] {
  if (settings.orgDomains.length > 0) return settings.orgDomains;
  const mailbox = flags.mailbox === undefined ? null : normaliseAddress(flags.mailbox);
  if (mailbox !== null) return [domainOf(mailbox)];
  if (envelopes === null) throw invalid('preview --eml needs orgDomains in --settings, or --mailbox, to know which addresses are ours');
  return orgDomainsFromMailboxes(envelopes);
}

async function runLiveMailboxPreview(flags: PreviewFlags, context: PreviewCliContext, command: Command): Promise<void> {
  const mailbox = normaliseAddress(flags.mailbox);
  if (mailbox === null) throw invalid(`preview: --mailbox ${flags.mailbox ?? ''} is not an email address`);
  if (!context.previewLiveMailbox) throw new AppError('not-available', 'preview --mailbox --since needs the app wiring of the full CLI.');
  if (flags.since === undefined) throw invalid('preview: --mailbox without --messages or --eml needs --since DATE (an ISO date)');
  const result = await context.previewLiveMailbox(command, mailbox, flags.since);
  if (flags.json) {
    for (const line of result.lines) context.io.stdout(`${previewJsonLine(line)}\n`);
  } else {
    context.io.stdout(previewTable(result.lines));
    context.io.stdout(previewSummaryText(result.summary));
  }
  if (result.truncated) context.io.stderr(`correspondent: the preview stopped at ${result.lines.length} messages; narrow the date range to see the rest\n`);
}

async function runLiveSimulation(flags: PreviewFlags, context: PreviewCliContext, command: Command, draft: unknown): Promise<void> {
  const mailbox = normaliseAddress(flags.mailbox);
  if (mailbox === null) throw invalid(`preview: --mailbox ${flags.mailbox ?? ''} is not an email address`);
  if (!context.simulateLiveMailbox) throw new AppError('not-available', 'preview --settings-draft --mailbox --since needs the app wiring of the full CLI.');
  if (flags.exclusions !== undefined || flags.settings !== undefined) throw invalid('preview: with --mailbox --since the current settings and lists are the stored ones; leave out --settings and --exclusions');
  if (flags.since === undefined) throw invalid('preview: --mailbox without --messages or --eml needs --since DATE (an ISO date)');
  printSimulation(await context.simulateLiveMailbox(command, mailbox, flags.since, draft), flags.json === true, context.io);
}

export async function runPreviewCommand(flags: PreviewFlags, context: PreviewCliContext, command?: Command): Promise<void> {
  checkFlags(flags);
  // The draft is read and checked before any mail is: a bad draft fails alone, with its file named.
  const draft = flags.settingsDraft === undefined ? undefined : await readDraftFile(flags.settingsDraft);
  if (flags.messages === undefined && flags.eml === undefined) {
    if (!command) throw new AppError('not-available', 'preview --mailbox --since needs the command line.');
    return draft === undefined ? runLiveMailboxPreview(flags, context, command) : runLiveSimulation(flags, context, command, draft);
  }
  const settings = await readSettingsFile(flags.settings);
  const crm = flags.crm === undefined ? { snapshot: EMPTY_CRM, rejected: [] } : await readCrmDirectory(flags.crm);
  let envelopes: PreviewEnvelope[];
  let orgDomains: string[];
  if (flags.messages !== undefined) {
    envelopes = await readEnvelopes(flags.messages);
    orgDomains = orgDomainsFor(settings, flags, envelopes);
  } else {
    orgDomains = orgDomainsFor(settings, flags, null);
    envelopes = await readEmlDirectory(flags.eml!, orgDomains, flags.mailbox);
  }
  const exclusions = await readExclusionsFile(flags.exclusions);
  if (draft !== undefined) {
    for (const row of crm.rejected) context.io.stderr(`correspondent: ${row.file}:${row.line}: CRM row rejected: ${row.reason}\n`);
    printSimulation(runFileSimulation(envelopes, { settings, exclusions, draft, orgDomains, crm: crm.snapshot }), flags.json === true, context.io);
    return;
  }
  const ruleSettings = previewRuleSettings(envelopes, { ...settings, orgDomains, crm: CrmIndex.fromSnapshot(crm.snapshot), exclusions });
  const result = runPreview(envelopes, ruleSettings);
  await context.recordPreview?.({ input: flags.messages !== undefined ? 'messages' : 'eml', summary: result.summary });
  for (const row of crm.rejected) context.io.stderr(`correspondent: ${row.file}:${row.line}: CRM row rejected: ${row.reason}\n`);
  if (flags.json) {
    for (const line of result.lines) context.io.stdout(`${previewJsonLine(line)}\n`);
    return;
  }
  context.io.stdout(previewTable(result.lines));
  context.io.stdout(previewSummaryText(result.summary));
  if (crm.rejected.length > 0) context.io.stdout(`\n${crm.rejected.length} CRM rows rejected (listed on stderr)\n`);
}

export function registerPreview(program: Command, context: PreviewCliContext): void {
  program
    .command('preview')
    .description('decide messages with the rules, without storing anything')
    .option('--messages <file>', 'message envelopes, one JSON object per line')
    .option('--eml <dir>', 'a directory of RFC 5322 (.eml) files')
    .option('--mailbox <addr>', 'with --since: a live mailbox; with --eml: the mailbox for files with no organisation To address')
    .option('--since <date>', 'with --mailbox: messages since this date (YYYY-MM-DD or an ISO date-time)', parseDateOption)
    .option('--crm <dir>', 'CRM CSVs (accounts, contacts, leads, opportunities, users)')
    .option('--settings <file>', 'settings JSON (orgDomains, blockedDomains, automatedMail, capturePolicy, ...)')
    .option('--settings-draft <file>', 'simulate a change: settings fields and/or "exclusions" as JSON; shows what would newly be imported or skipped')
    .option('--exclusions <file>', 'with --messages/--eml: the exclusion lists as CSV (kind,value,mailbox; default: the default subject terms)')
    .option('--json', 'JSON lines, one per message, in input order')
    .action(async (flags: PreviewFlags, command: Command) => runPreviewCommand(flags, context, command));
}
