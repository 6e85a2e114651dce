/**
 * Outlook sensitivity (issue 18, point 1): mail the sender marked Personal, Private or
 * Confidential is skipped for the values the administrator chose (default: private and
 * confidential). Graph's message resource has no `sensitivity` property in v1.0 (only events do),
 * so the value is read where Exchange keeps it: MAPI PidTagSensitivity, which the sync expands as
 * `singleValueExtendedProperties` (read-message.ts); else the RFC 2156 `Sensitivity` header that
 * Outlook writes on internet mail (`Personal`, `Private`, `Company-Confidential`).
 */
import type { SensitivityValue } from '../../src-shared/capture-policy.js';
import type { Candidate } from './candidate.js';
import type { MessageView } from './read-message.js';
import type { SkipRule } from './rule.js';

const HEADER_VALUES: Readonly<Record<string, SensitivityValue>> = {
  normal: 'normal',
  personal: 'personal',
  private: 'private',
  'company-confidential': 'confidential',
  confidential: 'confidential',
};

export type SensitivityFound = { value: SensitivityValue; source: 'property' | 'header' };

export function sensitivityOf(message: MessageView): SensitivityFound | null {
  if (message.sensitivity !== null) return { value: message.sensitivity, source: 'property' };
  for (const header of message.headers) {
    // A length check first: this runs over every header of every candidate.
    if (header.name.length < 11 || header.name.trim().toLowerCase() !== 'sensitivity') continue;
    const value = HEADER_VALUES[header.value.trim().split(/[\s;(]/, 1)[0]!.toLowerCase()];
    if (value !== undefined) return { value, source: 'header' };
  }
  return null;
}

const LABEL: Readonly<Record<SensitivityValue, string>> = { normal: 'Normal', personal: 'Personal', private: 'Private', confidential: 'Confidential' };

export const sensitivityRule: SkipRule<Candidate> = {
  name: 'sensitivity',
  code: 'sensitive',
  // Exchange's property wins when present; without it the Sensitivity header may still decide.
  needsContent: ({ message }, context) => context.capture.skipSensitivity.size > 0 && message.sensitivity === null,
  check: ({ message }, context) => {
    if (context.capture.skipSensitivity.size === 0) return null;
    const found = sensitivityOf(message);
    if (found === null || !context.capture.skipSensitivity.has(found.value)) return null;
    const where = found.source === 'header' ? 'its Sensitivity header' : 'Outlook sensitivity';
    return { code: 'sensitive', detail: `the sender marked the message ${LABEL[found.value]} (${where}); ${found.value} mail is not imported` };
  },
};
