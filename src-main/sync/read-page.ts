/**
 * A raw Graph page read in ONE pass: each item classified once (delta-item.ts, shared with the
 * preview), each message read once into the view the rules decide on (read-message.ts), and what
 * the rest of the page step needs gathered on the way - the Message-IDs the page replies to (for
 * thread reciprocity, looked up before deciding), and the count and oldest receivedDateTime of a
 * first filtered round (Graph's 5,000-item cap, folder-delta.ts). Removals and change notices are
 * counted, never decided.
 */
import { addReferencedIds, classifyDeltaItem, readMessage, type ReadResult } from '../rules/pipeline.js';

export type PageItem = { raw: unknown; read: ReadResult };

export type ReadPage = {
  /** The items to decide, in page order. */
  items: PageItem[];
  /** `@removed` entries (deleted, or moved out of the folder). */
  removed: number;
  /** Updates of items already sent that carry only a few fields. */
  changed: number;
  /** The oldest receivedDateTime among the items to decide (null when none carries one). */
  oldestReceived: Date | null;
  /** Normalised Message-IDs the items reply to or reference (In-Reply-To, References). */
  referencedIds: string[];
};

/** `keep`: a listing's filter on the raw item (late match keeps only mail of the CRM's new keys). */
export function readPage(raw: readonly unknown[], keep?: (item: Record<string, unknown>) => boolean): ReadPage {
  const page: ReadPage = { items: [], removed: 0, changed: 0, oldestReceived: null, referencedIds: [] };
  let oldest = Number.POSITIVE_INFINITY;
  for (const item of raw) {
    const kind = classifyDeltaItem(item);
    if (kind === 'removed') {
      page.removed += 1;
      continue;
    }
    if (kind === 'changed') {
      page.changed += 1;
      continue;
    }
    if (keep && !(typeof item === 'object' && item !== null && keep(item as Record<string, unknown>))) continue;
    const read = readMessage(item);
    page.items.push({ raw: item, read });
    if (read.ok && read.message.receivedDateTime !== null) {
      const at = Date.parse(read.message.receivedDateTime);
      if (at < oldest) oldest = at;
    }
    if (read.ok) addReferencedIds(read.message.headers, page.referencedIds);
  }
  if (oldest !== Number.POSITIVE_INFINITY) page.oldestReceived = new Date(oldest);
  return page;
}
