/** Audit sources and shells as an administrator reads them (the codes stay in exports and --json). */
const SOURCES: Record<string, string> = {
  desktop: 'Desktop app',
  'web-console': 'Web console',
  cli: 'Command line',
  worker: 'Sync worker',
  sync: 'Sync',
  electron: 'Desktop app',
  headless: 'Web console',
};

export function sourceLabel(source: string): string {
  return SOURCES[source] ?? source;
}
