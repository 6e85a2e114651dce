/**
 * A saved connection's settings as a connector factory reads them: validated with the CRM's zod
 * schema, or a named error listing every issue (nothing is connected or refreshed with them).
 */
import type { z } from 'zod';
import { AppError } from '../../../src-shared/errors.js';

export function parseConnectionSettings<Schema extends z.ZodType>(crm: string, schema: Schema, settings: unknown): z.output<Schema> {
  const parsed = schema.safeParse(settings ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  throw new AppError('invalid-input', `Invalid ${crm} settings: ${issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ')}`, {
    issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/** HubSpot owners and Dataverse system users carry no opt-in flag the connectors read: mailbox opt-in decides. */
export function refuseOptInField(crm: string, field: string | null): void {
  if (field !== null) {
    throw new AppError('invalid-input', `The ${crm} connector reads no user opt-in field ("${field}"): leave it empty and choose the imported mailboxes with \`correspondent mailboxes opt-in\` or the console's Mailboxes page.`);
  }
}
