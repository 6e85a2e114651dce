/**
 * The Salesforce incremental cursor: per object, the newest SystemModstamp read so far, and when
 * the read happened. The next read asks QueryAll for SystemModstamp >= that stamp, truncated to
 * the second (SOQL date-time literals have no fractions): the records of that second are read
 * again, which is harmless (rows are upserted whole) and never misses one written in the same
 * millisecond. Soft-deleted records stay visible to QueryAll only while they are in the recycle bin
 * (15 days), so a cursor older than that can have missed deletions: it counts as expired and the
 * refresh reads everything instead.
 */
import { z } from 'zod';
import { CrmCursorExpiredError } from '../crm-connector.js';

export const SALESFORCE_OBJECTS = ['Account', 'Contact', 'Lead', 'Opportunity', 'User'] as const;
export type SalesforceObject = (typeof SALESFORCE_OBJECTS)[number];

export const RECYCLE_BIN_DAYS = 15;

const cursorSchema = z.object({
  v: z.literal(1),
  readAt: z.string(),
  since: z.object(Object.fromEntries(SALESFORCE_OBJECTS.map((o) => [o, z.string().nullable()])) as Record<SalesforceObject, z.ZodNullable<z.ZodString>>),
});
export type SalesforceCursor = z.infer<typeof cursorSchema>;

export function parseCursor(text: string, now: Date): SalesforceCursor {
  let parsed;
  try {
    parsed = cursorSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) throw new CrmCursorExpiredError('salesforce', 'the stored cursor is not a Salesforce cursor');
  if (now.getTime() - Date.parse(parsed.data.readAt) > RECYCLE_BIN_DAYS * 86_400_000) {
    throw new CrmCursorExpiredError('salesforce', `the last read was more than ${RECYCLE_BIN_DAYS} days ago, deletions may have left the recycle bin`);
  }
  return parsed.data;
}

/** A SOQL date-time literal for `iso`, truncated to the second. */
export function soqlDateTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

/** Keeps the newest of two stamps (ISO strings compare as dates once normalised). */
export function newer(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
