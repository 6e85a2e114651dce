/**
 * Turns what an administrator pastes or drops into the console's rule preview into message
 * envelopes for src-main/rules/preview.ts: Graph JSON (one message, a JSON array of messages or
 * envelopes, a Graph `{ "value": [...] }` page, or envelopes as JSON lines) and .eml texts
 * (parsed with mailparser, mapped by emlToGraphMessage as the CLI does). A message without an
 * envelope is placed where it would be found: Sent Items of an organisation sender, else the
 * Inbox of its first organisation recipient. Input that is not JSON at all fails as a whole with
 * the line named; an item that cannot be decided still gets its line.
 */
import { simpleParser } from 'mailparser';
import { AppError } from '../../src-shared/errors.js';
import { PREVIEW_MAX_EML_TOTAL_CHARS, PREVIEW_MAX_MESSAGES } from '../../src-shared/preview.js';
import { domainOf, findDomainOrParent, normaliseAddress, normaliseDomains } from '../rules/address.js';
import { emlDateProblem, emlToGraphMessage, type ParsedEml } from '../rules/eml-message.js';
import type { PreviewEnvelope } from '../rules/preview.js';

type Recipient = { emailAddress?: { address?: unknown } | null } | null;

function tooMany(count: number): AppError {
  return new AppError('invalid-input', `The input holds ${count} messages; a preview takes at most ${PREVIEW_MAX_MESSAGES}. Split it into smaller runs.`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Items of the pasted text: a JSON document (object, array, Graph page) or JSON lines. */
function jsonItems(text: string): unknown[] {
  const trimmed = text.trim();
  try {
    const whole: unknown = JSON.parse(trimmed);
    if (Array.isArray(whole)) return whole;
    if (isObject(whole) && Array.isArray(whole['value'])) return whole['value'] as unknown[];
    return [whole];
  } catch {
    // not one document: JSON lines, below
  }
  const items: unknown[] = [];
  const lines = trimmed.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index]!.trim();
    if (raw === '') continue;
    try {
      items.push(JSON.parse(raw));
    } catch {
      throw new AppError('invalid-input', `Line ${index + 1} is not valid JSON: paste a Graph message, a JSON array, or one envelope per line.`);
    }
  }
  return items;
}

function addressesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return (list as Recipient[]).map((r) => normaliseAddress(r?.emailAddress?.address)).filter((a): a is string => a !== null);
}

/** Where a bare message would be found: Sent Items of an organisation sender, else an organisation recipient's Inbox. */
export function placeMessage(message: Record<string, unknown>, orgDomains: ReadonlySet<string>): { mailbox: string; folder: string } | null {
  const isOrg = (address: string) => findDomainOrParent(domainOf(address), orgDomains) !== null;
  const [from] = addressesOf([message['from']]);
  if (from !== undefined && isOrg(from)) return { mailbox: from, folder: 'sentitems' };
  const recipient = [...addressesOf(message['toRecipients']), ...addressesOf(message['ccRecipients'])].find(isOrg);
  return recipient === undefined ? null : { mailbox: recipient, folder: 'inbox' };
}

function messageIdOf(message: Record<string, unknown>): string | null {
  const id = message['internetMessageId'];
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

const NO_PLACE = 'no participant belongs to an organisation domain: paste it as an envelope {"mailbox", "folder", "message"}';

export function envelopesFromGraphJson(text: string, orgDomains: readonly string[]): PreviewEnvelope[] {
  const items = jsonItems(text);
  if (items.length === 0) throw new AppError('invalid-input', 'The pasted text holds no message.');
  if (items.length > PREVIEW_MAX_MESSAGES) throw tooMany(items.length);
  const org = new Set(normaliseDomains(orgDomains));
  return items.map((item, index): PreviewEnvelope => {
    const fallbackId = `item ${index + 1}`;
    if (!isObject(item)) return { id: fallbackId, internetMessageId: null, problem: `item ${index + 1} is not a JSON object` };
    const wrapped = isObject(item['message']) && typeof item['mailbox'] === 'string';
    const message = wrapped ? (item['message'] as Record<string, unknown>) : item;
    const id = typeof message['id'] === 'string' && message['id'] !== '' ? message['id'] : fallbackId;
    if (wrapped) return { id, mailbox: item['mailbox'] as string, folder: typeof item['folder'] === 'string' ? item['folder'] : 'inbox', message };
    const place = placeMessage(message, org);
    return place === null ? { id, internetMessageId: messageIdOf(message), problem: NO_PLACE } : { id, ...place, message };
  });
}

export async function envelopesFromEml(files: readonly { name: string; text: string }[], orgDomains: readonly string[]): Promise<PreviewEnvelope[]> {
  const total = files.reduce((sum, file) => sum + file.text.length, 0);
  if (total > PREVIEW_MAX_EML_TOTAL_CHARS) {
    throw new AppError('invalid-input', `The files hold ${total.toLocaleString('en')} characters; a preview takes at most ${PREVIEW_MAX_EML_TOTAL_CHARS.toLocaleString('en')}.`);
  }
  const org = new Set(normaliseDomains(orgDomains));
  const out: PreviewEnvelope[] = [];
  for (const file of files) {
    let parsed: ParsedEml;
    try {
      parsed = (await simpleParser(file.text)) as ParsedEml;
    } catch {
      out.push({ id: file.name, internetMessageId: null, problem: 'the file could not be parsed as an RFC 5322 message' });
      continue;
    }
    const message = emlToGraphMessage(parsed, file.name);
    const undated = emlDateProblem(message);
    if (undated !== null) {
      out.push({ id: file.name, internetMessageId: message.internetMessageId ?? null, problem: undated });
      continue;
    }
    // As `preview --eml`: received in the Inbox of the first organisation To address; else, for
    // mail our side wrote, the sender's Sent Items.
    const to = addressesOf(message.toRecipients).find((address) => findDomainOrParent(domainOf(address), org) !== null);
    const place = to !== undefined ? { mailbox: to, folder: 'inbox' } : placeMessage(message as Record<string, unknown>, org);
    if (place === null) out.push({ id: file.name, internetMessageId: message.internetMessageId ?? null, problem: 'no To address or sender belongs to an organisation domain' });
    else out.push({ id: file.name, ...place, message });
  }
  return out;
}
