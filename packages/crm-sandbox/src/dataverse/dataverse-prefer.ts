/**
 * The Prefer header as Dataverse reads it: `odata.track-changes` (answer with a delta link),
 * `odata.maxpagesize=N` (at most 5,000 rows a page for standard tables) and
 * `odata.include-annotations="..."`; the applied ones are echoed in Preference-Applied.
 */
export const MAX_PAGE_SIZE = 5000;

export type Preferences = { trackChanges: boolean; maxPageSize: number; annotations: string | null };

export function readPrefer(raw: string | undefined): Preferences {
  const out: Preferences = { trackChanges: false, maxPageSize: MAX_PAGE_SIZE, annotations: null };
  for (const part of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name = '', value] = part.split('=').map((s) => s.trim());
    if (name.toLowerCase() === 'odata.track-changes') out.trackChanges = true;
    else if (name.toLowerCase() === 'odata.maxpagesize' && value && /^\d+$/.test(value)) out.maxPageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(value)));
    else if (name.toLowerCase() === 'odata.include-annotations' && value) out.annotations = value.replace(/^"|"$/g, '');
  }
  return out;
}

export function wantsAnnotation(preferences: Preferences, term: string): boolean {
  if (preferences.annotations === null) return false;
  return preferences.annotations.split(',').some((a) => a.trim() === '*' || a.trim() === term || (a.trim().endsWith('.*') && term.startsWith(a.trim().slice(0, -1))));
}

export function appliedPreferences(preferences: Preferences, pageSizeAsked: boolean): string {
  const applied: string[] = [];
  if (preferences.trackChanges) applied.push('odata.track-changes');
  if (pageSizeAsked) applied.push(`odata.maxpagesize=${preferences.maxPageSize}`);
  if (preferences.annotations !== null) applied.push(`odata.include-annotations="${preferences.annotations}"`);
  return applied.join(',');
}
