/**
 * CSV for spreadsheets (RFC 4180): fields quoted when they hold a comma, quote, CR or LF, quotes
 * doubled, records ended by CRLF, UTF-8 with a BOM so Excel reads non-ASCII text correctly. A cell
 * that starts with = + - @ tab or CR would be run as a formula by Excel, LibreOffice and Sheets
 * (CSV injection): such a cell gets a leading apostrophe, which spreadsheets show as text.
 */
export const UTF8_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
