/**
 * The desktop shell's destination for the console's audit export: the system "Save as" dialog,
 * then a file stream to the chosen path. Electron's dialog is injected, so this is unit-tested
 * with a fake dialog and no window.
 */
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { AppError } from '../../src-shared/errors.js';
import type { AuditExportSink } from '../app/handlers/audit-handlers.js';

/** `dialog.showSaveDialog` as far as the sink uses it. */
export type ShowSaveDialog = (options: {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}) => Promise<{ canceled: boolean; filePath?: string | undefined }>;

const FILTERS: Record<'csv' | 'jsonl', { name: string; extensions: string[] }> = {
  csv: { name: 'CSV (spreadsheets)', extensions: ['csv'] },
  jsonl: { name: 'JSON lines (verifiable)', extensions: ['jsonl'] },
};

export function createSaveDialogExportSink(deps: {
  showSaveDialog: ShowSaveDialog;
  /** The folder the dialog opens in (Electron: app.getPath('documents')). */
  defaultDir: string;
  openFile?: (filePath: string) => Writable;
}): AuditExportSink {
  const openFile = deps.openFile ?? ((filePath: string) => createWriteStream(filePath, { mode: 0o600 }));
  return async ({ fileName, format }) => {
    const answer = await deps.showSaveDialog({
      title: 'Export the audit log',
      defaultPath: path.join(deps.defaultDir, fileName),
      filters: [FILTERS[format]],
    });
    if (answer.canceled || !answer.filePath) throw new AppError('invalid-input', 'The export was cancelled: no file was chosen.');
    return { stream: openFile(answer.filePath), location: answer.filePath };
  };
}
