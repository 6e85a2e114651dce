import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src-shared/errors.js';
import { createSaveDialogExportSink, type ShowSaveDialog } from '../../../src-main/electron/save-dialog-export-sink.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'save-dialog-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the save-dialog audit export sink', () => {
  it('asks where to save (suggesting the file name in the default folder) and writes there', async () => {
    const asked: Parameters<ShowSaveDialog>[0][] = [];
    const chosen = path.join(dir, 'chosen.csv');
    const sink = createSaveDialogExportSink({
      defaultDir: '/home/admin/Documents',
      showSaveDialog: async (options) => {
        asked.push(options);
        return { canceled: false, filePath: chosen };
      },
    });
    const { stream, location } = await sink({ fileName: 'correspondent-audit-1.csv', format: 'csv' });
    stream.end('seq,at\n');
    await finished(stream);
    expect(location).toBe(chosen);
    expect(await readFile(chosen, 'utf8')).toBe('seq,at\n');
    expect(asked).toEqual([
      { title: 'Export the audit log', defaultPath: path.join('/home/admin/Documents', 'correspondent-audit-1.csv'), filters: [{ name: 'CSV (spreadsheets)', extensions: ['csv'] }] },
    ]);
  });

  it('offers the JSON lines filter for a jsonl export', async () => {
    let filters: unknown;
    const sink = createSaveDialogExportSink({
      defaultDir: dir,
      showSaveDialog: async (options) => {
        filters = options.filters;
        return { canceled: false, filePath: path.join(dir, 'a.jsonl') };
      },
    });
    const { stream } = await sink({ fileName: 'a.jsonl', format: 'jsonl' });
    stream.end();
    await finished(stream);
    expect(filters).toEqual([{ name: 'JSON lines (verifiable)', extensions: ['jsonl'] }]);
  });

  it('refuses with an AppError and opens no file when the admin cancels', async () => {
    const opened: string[] = [];
    const sink = createSaveDialogExportSink({
      defaultDir: dir,
      showSaveDialog: async () => ({ canceled: true }),
      openFile: (file) => {
        opened.push(file);
        throw new Error('must not open');
      },
    });
    const error = await sink({ fileName: 'x.csv', format: 'csv' }).catch((e: unknown) => e);
    expect(isAppError(error) && error.message).toBe('The export was cancelled: no file was chosen.');
    expect(opened).toEqual([]);
  });
});
