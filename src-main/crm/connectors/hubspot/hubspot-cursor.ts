/**
 * The HubSpot refresh cursor: per object, the highest last-modified time seen and the ids seen at
 * exactly that millisecond (the next search asks `>=` that time and skips those ids, so a boundary
 * record is neither lost nor read twice); the same for archived records (deletions); and the
 * owners' latest `updatedAt`. Opaque to the refresh; an unreadable one means a full refresh.
 */
import { z } from 'zod';
import { CrmCursorExpiredError } from '../crm-connector.js';

const mark = z.object({ ms: z.number().int().min(0), ids: z.array(z.string()) });
export type Watermark = z.infer<typeof mark>;

const cursorSchema = z.object({
  v: z.literal(1),
  changed: z.object({ companies: mark, contacts: mark, deals: mark }),
  archived: z.object({ companies: mark, contacts: mark, deals: mark }),
  ownersMs: z.number().int().min(0),
});
export type HubspotCursor = z.infer<typeof cursorSchema>;

export const HUBSPOT_TYPES = ['companies', 'contacts', 'deals'] as const;
export type HubspotType = (typeof HUBSPOT_TYPES)[number];

export function emptyMark(): Watermark {
  return { ms: 0, ids: [] };
}

/** Moves a watermark past one record's time, keeping the ids seen at the newest millisecond. */
export function advance(markIn: Watermark, ms: number, id: string): Watermark {
  if (ms > markIn.ms) return { ms, ids: [id] };
  if (ms === markIn.ms && !markIn.ids.includes(id)) return { ms, ids: [...markIn.ids, id] };
  return markIn;
}

export function encodeCursor(cursor: HubspotCursor): string {
  return JSON.stringify(cursor);
}

export function decodeCursor(raw: string): HubspotCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new CrmCursorExpiredError('hubspot', 'the stored cursor is not one this connector wrote');
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success) throw new CrmCursorExpiredError('hubspot', 'the stored cursor is not one this connector wrote');
  return result.data;
}
