/**
 * Conditions an administrator must act on, as the core sees them after each cycle and consent
 * check: a mailbox that keeps failing, the CRM that cannot be read, admin consent revoked, a search
 * backlog that grows. The console shows them as a banner, the desktop app as OS notifications, and
 * an optional webhook receives them as JSON (docs/notifications.md). Each alert has a stable `id`,
 * so a shell notifies once when it appears, not on every check.
 */
import { z } from 'zod';

export const ALERT_KINDS = ['mailbox-failing', 'crm-failing', 'consent-revoked', 'search-backlog'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const alertSchema = z.object({
  /** Stable while the condition lasts: `mailbox:<address>`, `crm`, `consent`, `search-backlog`. */
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(['error', 'warning']),
  /** A short line: what is wrong. */
  title: z.string(),
  /** One or two sentences: what it means and what to do. */
  message: z.string(),
  /** When the condition was first seen. */
  since: z.string(),
  /** The console page where it is dealt with. */
  page: z.enum(['/health', '/setup', '/mailboxes']),
  /** The mailbox concerned (mailbox-failing only). */
  mailbox: z.string().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertListSchema = z.object({ items: z.array(alertSchema) });
