/**
 * A small RFC 4180 CSV parser: quoted fields with doubled quotes, commas and line breaks inside
 * quotes, CRLF or LF, a UTF-8 BOM. CRM exports (Salesforce, HubSpot, spreadsheets) all produce
 * this dialect. Each record keeps the line it starts on, so rejected rows can be reported by line.
 * Pure: it parses text; reading files is the caller's business.
 */

export type CsvRecord = { line: number; fields: string[] };
export type CsvParseResult = { ok: true; header: string[]; records: CsvRecord[] } | { ok: false; line: number; message: string };

export function parseCsv(text: string): CsvParseResult {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteStartLine = 1;
  let i = 0;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  while (i < input.length) {
    const char = input[i]!;
    if (quoted) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
      i += 1;
      continue;
    }
    if (char === '"' && field.length === 0) {
      quoted = true;
      quoteStartLine = line;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += char;
    }
    i += 1;
  }
  if (quoted) return { ok: false, line: quoteStartLine, message: 'a quoted field is never closed' };
  if (field.length > 0 || fields.length > 0) endRecord();
  const [header, ...rest] = records;
  if (!header) return { ok: false, line: 1, message: 'the file is empty (a header row is required)' };
  return { ok: true, header: header.fields.map((name) => name.trim()), records: rest };
}
