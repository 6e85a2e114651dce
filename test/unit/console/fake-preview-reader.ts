/** A Graph reader over fixed folders and pages, for the preview's tests: delta rounds only. */
import type { DeltaPage, GraphMailReader } from '../../../src-main/graph/graph-mail-reader.js';

export function fakeReader(
  folders: Record<string, unknown[][]>,
  readContents: GraphMailReader['readContents'] = async (_u, ids) => new Map(ids.map((id) => [id, {}])),
): GraphMailReader & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    listUsers: async () => [],
    forgetFolders: () => undefined,
    listSyncableFolders: async () => Object.keys(folders).map((name) => ({ id: `${name}-id`, wellKnownName: name, displayName: name })),
    initialDeltaUrl: (user, folder, since) => `delta:${user}:${folder}:${since.toISOString()}:0`,
    readDeltaPage: async (url): Promise<DeltaPage> => {
      urls.push(url);
      const [, , folder, , , , n] = url.split(':');
      const pages = folders[folder!.replace(/-id$/, '')]!;
      const index = Number(n);
      const next = index + 1 < pages.length ? url.replace(/:\d+$/, `:${index + 1}`) : null;
      return { messages: pages[index] ?? [], nextLink: next, deltaLink: next ? null : 'done' };
    },
    // The preview reads by delta only: the listing endpoint is never asked.
    initialListUrl: () => {
      throw new Error('the preview must not use the listing endpoint');
    },
    readListPage: async () => {
      throw new Error('the preview must not use the listing endpoint');
    },
    readMessages: async () => {
      throw new Error('the preview reads messages only through delta rounds');
    },
    fetchMode: 'header-first',
    readContents,
    bytesReceived: () => 0,
    archiveMailboxOf: async () => null,
    counters: () => ({ requests: urls.length, retries: 0, throttled: 0, timeouts: 0 }),
  };
}
