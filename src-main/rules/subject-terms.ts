/**
 * Excluded subject terms compiled into one matcher. A term matches as a whole word or phrase,
 * case-insensitively, whatever white space the subject has between its words: "interview" keeps
 * "Interview on Monday" out but not "Interviewer feedback tool demo". The matcher answers which
 * term matched, for the decision's reason.
 */
export type SubjectTerms = { match(subject: string): string | null };

function escape(term: string): string {
  // Only the characters that are special outside a class: in Unicode mode `\-` would be a syntax error.
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

export function compileSubjectTerms(terms: Iterable<string>): SubjectTerms | null {
  const list = [...new Set(terms)].sort((a, b) => b.length - a.length);
  if (list.length === 0) return null;
  const byKey = new Map(list.map((term) => [term, term]));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  return {
    match(subject) {
      const found = pattern.exec(subject.normalize('NFC'));
      if (!found) return null;
      return byKey.get(found[0].toLowerCase().replace(/\s+/gu, ' ')) ?? found[0].toLowerCase();
    },
  };
}
