/**
 * A capture-policy draft (capture-api.ts) turned into what the rules take: the current settings
 * with the draft's fields replaced (validated as settings.update validates them) and the draft's
 * exclusion list, or the current one when the draft has none. An invalid field or entry refuses
 * the whole draft with one issue per problem, before anything is decided.
 */
import { zodIssues } from '../../src-shared/api-dispatch.js';
import { captureDraftSchema } from '../../src-shared/capture-api.js';
import type { ExclusionEntry } from '../../src-shared/capture-policy.js';
import { AppError } from '../../src-shared/errors.js';
import type { Settings } from '../../src-shared/settings.js';
import { normaliseExclusion } from '../rules/exclusion-entry.js';
import { applySettingsPatch } from '../settings/settings-store.js';

export type AppliedDraft = { settings: Settings; exclusions: readonly ExclusionEntry[] };

export function applyCaptureDraft(current: AppliedDraft, draft: unknown): AppliedDraft {
  const parsed = captureDraftSchema.safeParse(draft);
  if (!parsed.success) throw new AppError('invalid-input', 'The draft is not valid.', { issues: zodIssues(parsed.error) });
  const { exclusions: draftExclusions, ...patch } = parsed.data;
  const settings = applySettingsPatch(current.settings, patch);
  if (draftExclusions === undefined) return { settings, exclusions: current.exclusions };
  const issues: { path: string; message: string }[] = [];
  const exclusions: ExclusionEntry[] = [];
  draftExclusions.forEach((input, index) => {
    const result = normaliseExclusion(input);
    if (result.ok) exclusions.push(result.entry);
    else issues.push({ path: `exclusions.${index}`, message: result.reason });
  });
  if (issues.length > 0) throw new AppError('invalid-input', 'The draft is not valid.', { issues });
  return { settings, exclusions };
}
