/**
 * A raw Graph page read in ONE pass, by the sync and the preview alike: each item classified once
 * (delta-item.ts: a removal, a change notice or a message), each message read once into the view
 * the rules decide on (read-message.ts; header-first adds the content to that view, never reads
 * the message again: content-stage.ts, preview-content.ts), and what
 * the rest of the page step needs gathered on the way - the Message-IDs the page replies to (for
 * thread reciprocity, looked up before deciding), and the count and oldest receivedDateTime of a
 * first filtered round (Graph's 5,000-item cap, folder-delta.ts). Removals and change notices are
 * counted, never decided.
 */
import type { Decision } from '../../src-shared/domain.js';
import type { FolderInfo } from '../graph/graph-message.js';
import { classifyDeltaItem } from './delta-item.js';
import { readMessageItem, type ReadResult } from './read-message.js';
import { addReferencedIds } from './referenced-ids.js';

/**
 * `folder`: where the message is when not in the page's folder (a removal looked up,
 * removed-items.ts). `decidedAtEnvelope`: set by the envelope stage (content-stage.ts) for a
 * message its envelope settled; the others are decided on their content.
 */
export type PageItem = { raw: unknown; read: ReadResult; folder?: FolderInfo; decidedAtEnvelope?: Decision };

export type ReadPage = {
  /** The items to decide, in page order. */
  items: PageItem[];
  /** `@removed` entries (deleted, or moved out of the folder), and their ids. */
  removed: number;
  removedIds: string[];
  /** Updates of items already sent that carry only a few fields. */
  changed: number;
  /** The oldest and newest receivedDateTime among the items to decide (null when none carries one). */
  oldestReceived: Date | null;
  newestReceived: Date | null;
  /** The items came newest first (what `$orderby=receivedDateTime desc` asks for). */
  newestFirst: boolean;
  /** Items received before the lookback start, left out (a round read without Graph's filter). */
  beforeLookback: number;
  /** Normalised Message-IDs the items reply to or reference (In-Reply-To, References). */
  referencedIds: string[];
};

export type ReadPageOptions = {
  /** A listing's filter on the raw item (late match keeps only mail of the CRM's new keys). */
  keep?: (item: Record<string, unknown>) => boolean;
  /** Leave out messages received before this (Graph refused the filter that would have). */
  notBefore?: Date;
  /** Leave out messages received at or after this (a preview's date range: Graph's delta filter has no upper bound). */
  receivedBefore?: Date;
};

export function readPage(raw: readonly unknown[], options: ReadPageOptions = {}): ReadPage {
  const { keep } = options;
  const notBefore = options.notBefore?.getTime() ?? null;
  const receivedBefore = options.receivedBefore?.getTime() ?? null;
  const page: ReadPage = { items: [], removed: 0, changed: 0, removedIds: [], oldestReceived: null, newestReceived: null, newestFirst: true, beforeLookback: 0, referencedIds: [] };
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  for (const item of raw) {
    const kind = classifyDeltaItem(item);
    if (kind === 'removed') {
      page.removed += 1;
      const id = (item as { id?: unknown }).id;
      if (typeof id === 'string' && id.length > 0) page.removedIds.push(id);
      continue;
    }
    if (kind === 'changed') {
      page.changed += 1;
      continue;
    }
    if (keep && !(typeof item === 'object' && item !== null && keep(item as Record<string, unknown>))) continue;
    const read = readMessageItem(item);
    const at = read.ok && read.message.receivedDateTime !== null ? Date.parse(read.message.receivedDateTime) : NaN;
    if (notBefore !== null && at < notBefore) {
      page.beforeLookback += 1;
      continue;
    }
    if (receivedBefore !== null && at >= receivedBefore) continue;
    page.items.push({ raw: item, read });
    if (!Number.isNaN(at)) {
      if (at > oldest) page.newestFirst = false; // newer than one before it
      if (at < oldest) oldest = at;
      if (at > newest) newest = at;
    }
    if (read.ok) addReferencedIds(read.message.headers, page.referencedIds);
  }
  if (oldest !== Number.POSITIVE_INFINITY) page.oldestReceived = new Date(oldest);
  if (newest !== Number.NEGATIVE_INFINITY) page.newestReceived = new Date(newest);
  return page;
}
