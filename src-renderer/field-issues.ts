/**
 * Per-field validation messages: an `invalid-input` AppError carries issues with dot-joined paths
 * (e.g. `automatedMail.block.senders.2`); a form shows each message on the field that owns it. A
 * list field owns its items, so the path is cut at the first index.
 */
import type { AppErrorShape } from '../src-shared/errors.js';

export type FieldIssues = Record<string, string>;

export function fieldOfPath(path: string): string {
  const segments = path.split('.');
  const index = segments.findIndex((segment) => /^\d+$/.test(segment));
  return (index === -1 ? segments : segments.slice(0, index)).join('.');
}

/** The first message per field, with the item number when the issue is about one list item. */
export function issuesByField(error: AppErrorShape | null): FieldIssues {
  const found: FieldIssues = {};
  if (!error || error.code !== 'invalid-input') return found;
  for (const issue of error.issues ?? []) {
    const field = fieldOfPath(issue.path);
    if (found[field] !== undefined) continue;
    const item = /\.(\d+)(?:\.|$)/.exec(issue.path);
    found[field] = item ? `Line ${Number(item[1]) + 1}: ${issue.message}` : issue.message;
  }
  return found;
}
