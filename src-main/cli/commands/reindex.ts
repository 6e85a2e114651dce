/**
 * `correspondent reindex [--json]`: rebuilds the Elasticsearch index from MariaDB (the system of
 * record): recreates it from the template and sends every stored email. Refuses with a one-line
 * error when Elasticsearch is not configured, since the product then runs on MariaDB alone.
 */
import type { Command } from 'commander';
import { AppError } from '../../../src-shared/errors.js';
import { openSearchSink, type OpenedSearch } from '../../search/open-search.js';
import { rebuildSearchIndex } from '../../search/reindex.js';
import { openMailStore } from '../../store/open-store.js';
import { defaultDataDir } from '../../app/data-dir.js';

export type ReindexContext = {
  io: { stdout(t: string): void; stderr(t: string): void };
  env: () => { mariadbUrl: string | null; mariadbCaFile: string | null; elasticsearchUrl: string | null };
  /** Replaces the Elasticsearch connection (tests); default: openSearchSink(ELASTICSEARCH_URL). */
  openSearch?: (url: string) => Promise<OpenedSearch>;
};

export function registerReindex(program: Command, context: ReindexContext): void {
  const command = program
    .command('reindex')
    .description('Rebuild the Elasticsearch index from MariaDB')
    .option('--json', 'one JSON document on stdout')
    .option('--data-dir <dir>', 'data folder (private MariaDB when MARIADB_URL is not set)')
    .configureOutput({ writeErr: (text) => context.io.stderr(text), writeOut: (text) => context.io.stdout(text) });
  command.action(async (options: { json?: boolean }) => {
    const env = context.env();
    if (env.elasticsearchUrl === null) {
      throw new AppError('not-configured', 'ELASTICSEARCH_URL is not set: Correspondent runs on MariaDB alone and has no index to rebuild.');
    }
    const dataDir: unknown = command.optsWithGlobals()['dataDir'];
    const opened = await openMailStore({
      mariadbUrl: env.mariadbUrl,
      mariadbCaFile: env.mariadbCaFile,
      dataDir: typeof dataDir === 'string' ? dataDir : defaultDataDir(),
      searchOutbox: true,
    });
    try {
      const search = await (context.openSearch ?? ((url: string) => openSearchSink(url)))(env.elasticsearchUrl);
      try {
        const result = await rebuildSearchIndex(opened.store, search.sink).catch((error: unknown) => {
          throw new AppError('not-available', `Elasticsearch failed during the rebuild: ${error instanceof Error ? error.message : String(error)}`, {
            retryable: true,
            cause: error,
          });
        });
        if (options.json) context.io.stdout(`${JSON.stringify({ index: search.index, ...result })}\n`);
        else context.io.stdout(`Rebuilt ${search.index}: ${result.sent} email(s) indexed, ${result.failed} refused, ${result.backlog} waiting.\n`);
        if (result.backlog > 0) {
          throw new AppError('not-available', `${result.backlog} change(s) are still waiting for Elasticsearch; see the search backlog.`, { retryable: true });
        }
      } finally {
        await search.close();
      }
    } finally {
      await opened.close();
    }
  });
}
