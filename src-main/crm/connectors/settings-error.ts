/** The one error a connector raises for settings it cannot use: named, with every zod issue listed. */
import type { z } from 'zod';
import { AppError } from '../../../src-shared/errors.js';

export function invalidSettings(crm: string, issues: readonly z.core.$ZodIssue[]): AppError {
  return new AppError('invalid-input', `Invalid ${crm} settings: ${issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ')}`, {
    issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/** HubSpot owners and Dataverse system users carry no opt-in flag the connectors read: mailbox opt-in decides. */
export function refuseOptInField(crm: string, field: string | null): void {
  if (field !== null) {
    throw new AppError('invalid-input', `The ${crm} connector reads no user opt-in field ("${field}"): leave it empty and choose the imported mailboxes with \`correspondent mailboxes opt-in\` or the console's Mailboxes page.`);
  }
}
