/** Cuts text to at most `max` code points (never in the middle of a surrogate pair), for bounded columns. */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : Array.from(value).slice(0, max).join('');
}
