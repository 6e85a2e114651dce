/**
 * `correspondent purge (--contact ADDR | --domain D | --mailbox ADDR | --older-than DAYS) [--json]`:
 * erasure (GDPR) and retention from MariaDB and, through the search outbox, from Elasticsearch.
 * The deletes reach Elasticsearch right away when it is reachable; otherwise they wait in the
 * outbox and the command says how many are pending. Every purge is written to the audit log.
 */
import { osUserName } from '../../app/caller.js';
import type { Command } from 'commander';
import { AppError } from '../../../src-shared/errors.js';
import { openSearchSink, type OpenedSearch } from '../../search/open-search.js';
import { SearchIndexer } from '../../search/search-indexer.js';
import type { MailStore, PurgeResult, PurgeTarget } from '../../store/mail-store.js';
import { openMailStore } from '../../store/open-store.js';
import { defaultDataDir } from '../../app/data-dir.js';

export type PurgeContext = {
  io: { stdout(t: string): void; stderr(t: string): void };
  env: () => { mariadbUrl: string | null; mariadbCaFile: string | null; elasticsearchUrl: string | null };
  /** Replaces the Elasticsearch connection (tests); default: openSearchSink(ELASTICSEARCH_URL). */
  openSearch?: (url: string) => Promise<OpenedSearch>;
};

type PurgeOptions = { contact?: string; domain?: string; mailbox?: string; olderThan?: string; json?: boolean };

export function registerPurge(program: Command, context: PurgeContext): void {
  const command = program
    .command('purge')
    .description('Delete every stored email of a contact, a domain or a mailbox (or older than N days), audited')
    .option('--contact <address>', 'emails this address took part in (From, To or Cc)')
    .option('--domain <domain>', 'emails with a participant at this domain or a subdomain')
    .option('--mailbox <address>', 'emails seen only in this mailbox; its sightings of shared emails')
    .option('--older-than <days>', 'emails sent more than this many days ago (retention)')
    .option('--json', 'one JSON document on stdout')
    .option('--data-dir <dir>', 'data folder (private MariaDB when MARIADB_URL is not set)')
    .configureOutput({ writeErr: (text) => context.io.stderr(text), writeOut: (text) => context.io.stdout(text) });
  command.action(async (options: PurgeOptions) => {
    const target = targetOf(options);
    const env = context.env();
    const dataDir: unknown = command.optsWithGlobals()['dataDir'];
    const opened = await openMailStore({
      mariadbUrl: env.mariadbUrl,
      mariadbCaFile: env.mariadbCaFile,
      dataDir: typeof dataDir === 'string' ? dataDir : defaultDataDir(),
      searchOutbox: env.elasticsearchUrl !== null,
    });
    try {
      const by = { actor: osUserName(), source: 'cli' };
      const result = target.kind === 'older-than' ? await opened.store.purgeOlderThan(target.days, by) : await opened.store.purge(target, by);
      const searchPending = env.elasticsearchUrl === null ? null : await pushDeletes(opened.store, env.elasticsearchUrl, context);
      report(context, result, searchPending, Boolean(options.json));
    } finally {
      await opened.close();
    }
  });
}

type Target = PurgeTarget | { kind: 'older-than'; days: number };

function targetOf(options: PurgeOptions): Target {
  const given = [
    options.contact === undefined ? null : ({ kind: 'contact', address: options.contact } as const),
    options.domain === undefined ? null : ({ kind: 'domain', domain: options.domain } as const),
    options.mailbox === undefined ? null : ({ kind: 'mailbox', address: options.mailbox } as const),
    options.olderThan === undefined ? null : ({ kind: 'older-than', days: Number(options.olderThan) } as const),
  ].filter((t) => t !== null);
  if (given.length !== 1) {
    throw new AppError('invalid-input', 'purge needs exactly one of --contact ADDR, --domain D, --mailbox ADDR, --older-than DAYS.');
  }
  const target = given[0] as Target;
  if (target.kind === 'older-than' && (!Number.isInteger(target.days) || target.days < 1)) {
    throw new AppError('invalid-input', `--older-than must be a whole number of days of at least 1, not "${options.olderThan ?? ''}".`);
  }
  return target;
}

/** Applies the queued deletes now if Elasticsearch answers; returns how many changes still wait. */
async function pushDeletes(store: MailStore, url: string, context: PurgeContext): Promise<number> {
  try {
    const search = await (context.openSearch ?? ((u: string) => openSearchSink(u)))(url);
    try {
      await new SearchIndexer(store, search.sink).drainOnce();
    } finally {
      await search.close();
    }
  } catch (error) {
    context.io.stderr(`warning: Elasticsearch is not reachable (${error instanceof Error ? error.message : String(error)}); the deletes wait in the outbox.\n`);
  }
  return store.searchBacklog();
}

function report(context: PurgeContext, result: PurgeResult, searchPending: number | null, json: boolean): void {
  if (json) {
    context.io.stdout(`${JSON.stringify({ ...result, searchPending })}\n`);
    return;
  }
  const shared = result.sightingsRemoved > 0 ? `; removed the mailbox from ${result.sightingsRemoved} email(s) other mailboxes also saw` : '';
  context.io.stdout(`Deleted ${result.emails} email(s)${shared}.\n`);
  if (searchPending === null) context.io.stdout('Elasticsearch is not configured: MariaDB only.\n');
  else if (searchPending > 0) context.io.stdout(`${searchPending} change(s) wait for Elasticsearch.\n`);
}

