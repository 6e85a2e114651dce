/**
 * Fetching a one-time download (the audit export). In the headless console the core answers with
 * /api/downloads/<id>, which needs the session token as a header - a plain link cannot carry it -
 * so the page fetches the file and hands it to the browser as a blob. In Electron the export was
 * already written where the admin chose in the save dialog: nothing to fetch.
 */
import { AppError } from '../../src-shared/errors.js';

export type Downloader = (location: string) => Promise<{ fileName: string } | null>;

const DOWNLOAD_PREFIX = '/api/downloads/';

export function createHttpDownloader(options: { token: string | null; doc: Document; fetch?: typeof fetch }): Downloader {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return async (location) => {
    if (!location.startsWith(DOWNLOAD_PREFIX)) return null;
    const response = await doFetch(location, {
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
      credentials: 'omit',
      cache: 'no-store',
    }).catch(() => null);
    if (!response?.ok) throw new AppError('internal', `The download could not be fetched (HTTP ${response?.status ?? 'error'}); export again.`);
    const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
    const url = URL.createObjectURL(await response.blob());
    const link = options.doc.createElement('a');
    link.href = url;
    link.download = fileName;
    options.doc.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return { fileName };
  };
}

/** Electron: the save dialog already wrote the file. */
export const savedByShell: Downloader = async () => null;
