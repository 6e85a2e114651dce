/**
 * The part of SOQL the simulator understands, parsed strictly: SELECT field list FROM one object,
 * an optional WHERE of comparisons joined by AND, ORDER BY one field, LIMIT. Anything else is a
 * MALFORMED_QUERY, an unknown field an INVALID_FIELD and an unknown object an INVALID_TYPE, with
 * Salesforce's error codes, so a connector that builds a query the real API would refuse fails here
 * too. Date-time literals take the documented forms only (YYYY-MM-DDThh:mm:ssZ or ±hh:mm offset).
 */
import { fieldNamed, objectNamed, SF_FIELDS, type FieldType, type SfObjectName } from './salesforce-schema.js';

export class SoqlError extends Error {
  constructor(readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE', message: string) {
    super(message);
  }
}

type Literal = string | number | boolean | null;
type Comparison = { field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Literal; type: FieldType };
export type SoqlQuery = { object: SfObjectName; fields: string[]; where: Comparison[]; orderBy: { field: string; descending: boolean } | null; limit: number | null };

const TOKEN = /\s*(?:('(?:[^'\\]|\\.)*')|(<=|>=|!=|=|<|>|,)|([A-Za-z0-9_.:+-]+))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let rest = text.trim();
  while (rest.length > 0) {
    TOKEN.lastIndex = 0;
    const m = TOKEN.exec(rest);
    if (!m || m[0].length === 0) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${rest.slice(0, 20)}'`);
    tokens.push((m[1] ?? m[2] ?? m[3]) as string);
    rest = rest.slice(m[0].length).trimStart();
  }
  return tokens;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function literal(token: string, type: FieldType, field: string): Literal {
  if (/^null$/i.test(token)) return null;
  if (type === 'boolean') {
    if (/^(true|false)$/i.test(token)) return token.toLowerCase() === 'true';
    throw new SoqlError('MALFORMED_QUERY', `value of filter criterion for field '${field}' must be of type boolean and should not be enclosed in quotes`);
  }
  if (type === 'datetime') {
    if (DATETIME.test(token)) return new Date(token).getTime();
    throw new SoqlError('MALFORMED_QUERY', `value of filter criterion for field '${field}' must be of type dateTime and should not be enclosed in quotes`);
  }
  if (type === 'date') {
    if (DATE.test(token)) return token;
    throw new SoqlError('MALFORMED_QUERY', `value of filter criterion for field '${field}' must be of type date and should not be enclosed in quotes`);
  }
  if (type === 'currency') {
    if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
    throw new SoqlError('MALFORMED_QUERY', `value of filter criterion for field '${field}' must be a number`);
  }
  if (token.startsWith("'") && token.endsWith("'")) return token.slice(1, -1).replace(/\\(.)/g, '$1');
  throw new SoqlError('MALFORMED_QUERY', `value of filter criterion for field '${field}' must be of type string and should be enclosed in quotes`);
}

export function parseSoql(text: string): SoqlQuery {
  const tokens = tokenize(text);
  let i = 0;
  const next = () => tokens[i++];
  const keyword = (word: string) => {
    if ((tokens[i] ?? '').toUpperCase() !== word) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${tokens[i] ?? '<end>'}', expected ${word}`);
    i += 1;
  };
  keyword('SELECT');
  const rawFields: string[] = [];
  for (;;) {
    const field = next();
    if (!field || /^FROM$/i.test(field)) throw new SoqlError('MALFORMED_QUERY', 'a field list is required');
    rawFields.push(field);
    if (tokens[i] !== ',') break;
    i += 1;
  }
  keyword('FROM');
  const objectToken = next() ?? '';
  const object = objectNamed(objectToken);
  if (!object) throw new SoqlError('INVALID_TYPE', `sObject type '${objectToken}' is not supported.`);
  const resolve = (name: string): string => {
    const field = fieldNamed(object, name);
    if (!field) throw new SoqlError('INVALID_FIELD', `No such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`);
    return field;
  };
  const fields = rawFields.map(resolve);
  const where: Comparison[] = [];
  if ((tokens[i] ?? '').toUpperCase() === 'WHERE') {
    i += 1;
    for (;;) {
      const field = resolve(next() ?? '');
      const op = next() as Comparison['op'];
      if (!['=', '!=', '<', '<=', '>', '>='].includes(op)) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${op ?? '<end>'}'`);
      const type = SF_FIELDS[object][field] as FieldType;
      where.push({ field, op, value: literal(next() ?? '', type, field), type });
      if ((tokens[i] ?? '').toUpperCase() !== 'AND') break;
      i += 1;
    }
  }
  let orderBy: SoqlQuery['orderBy'] = null;
  if ((tokens[i] ?? '').toUpperCase() === 'ORDER') {
    i += 1;
    keyword('BY');
    const field = resolve(next() ?? '');
    let descending = false;
    if (/^(ASC|DESC)$/i.test(tokens[i] ?? '')) descending = (next() as string).toUpperCase() === 'DESC';
    orderBy = { field, descending };
  }
  let limit: number | null = null;
  if ((tokens[i] ?? '').toUpperCase() === 'LIMIT') {
    i += 1;
    const n = Number(next());
    if (!Number.isInteger(n) || n < 0) throw new SoqlError('MALFORMED_QUERY', 'LIMIT must be a non-negative integer');
    limit = n;
  }
  if (i < tokens.length) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${tokens[i]}'`);
  return { object, fields, where, orderBy, limit };
}

function comparable(value: unknown, type: FieldType): Literal {
  if (value === null || value === undefined) return null;
  if (type === 'datetime') return new Date(String(value)).getTime();
  return value as Literal;
}

export function matches(record: Record<string, unknown>, where: readonly Comparison[]): boolean {
  return where.every(({ field, op, value, type }) => {
    const actual = comparable(record[field], type);
    if (op === '=') return actual === value;
    if (op === '!=') return actual !== value;
    if (actual === null || value === null) return false;
    if (op === '<') return actual < value;
    if (op === '<=') return actual <= value;
    if (op === '>') return actual > value;
    return actual >= value;
  });
}
