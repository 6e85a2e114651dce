/**
 * The Query and QueryAll resources: up to 2,000 records a batch (fewer with the
 * `Sforce-Query-Options: batchSize=n` header, 200 to 2,000), `done`, `totalSize`, and a
 * `nextRecordsUrl` of the form /services/data/vXX.X/query/<locator>-<offset> while more remain.
 * Query leaves out soft-deleted records; QueryAll returns them with IsDeleted = true. A user holds
 * at most 10 open query locators (the oldest is dropped) and a locator unused for 15 minutes
 * expires: either way INVALID_QUERY_LOCATOR. Results are computed when the query runs, so a
 * change made while a client pages through a result is not seen in that result.
 */
import { randomBytes } from 'node:crypto';
import type { SimResponse } from '../https-server.js';
import type { SalesforceOrg, SfRecord } from './salesforce-org.js';
import { SF_FIELDS, type SfObjectName } from './salesforce-schema.js';
import { matches, parseSoql, SoqlError } from './soql.js';

export const MAX_BATCH = 2000;
export const MIN_BATCH = 200;
const MAX_OPEN_LOCATORS = 10;
const LOCATOR_IDLE_MS = 15 * 60_000;

type Locator = { records: Record<string, unknown>[]; totalSize: number; lastUsed: number; owner: string };

export const sfError = (status: number, errorCode: string, message: string): SimResponse => ({ status, json: [{ message, errorCode }] });

/** Salesforce's date-time format in JSON: 2024-01-31T09:15:00.000+0000. */
function sfDateTime(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString().replace('Z', '+0000');
}

function project(object: SfObjectName, record: SfRecord, fields: readonly string[], version: string): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: object, url: `/services/data/${version}/sobjects/${object}/${record.Id}` } };
  for (const field of fields) out[field] = SF_FIELDS[object][field] === 'datetime' ? sfDateTime(record[field]) : (record[field] ?? null);
  return out;
}

export function batchSizeOf(header: string | undefined): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(header ?? '');
  if (!match) return MAX_BATCH;
  return Math.min(MAX_BATCH, Math.max(MIN_BATCH, Number(match[1])));
}

export class QueryService {
  private readonly locators = new Map<string, Locator>();

  constructor(private readonly org: SalesforceOrg, private readonly clock: () => Date) {}

  run(soql: string, options: { all: boolean; version: string; batchSize: number; owner: string }): SimResponse {
    let query;
    try {
      query = parseSoql(soql);
    } catch (error) {
      if (error instanceof SoqlError) return sfError(400, error.errorCode, error.message);
      throw error;
    }
    let rows = this.org.all(query.object).filter((r) => (options.all || r['IsDeleted'] !== true) && matches(r, query.where));
    if (query.orderBy) {
      const { field, descending } = query.orderBy;
      const key = (r: SfRecord) => (SF_FIELDS[query.object][field] === 'datetime' ? Date.parse(String(r[field])) : (r[field] as string | number | null));
      rows = [...rows].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const order = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
        return descending ? -order : order;
      });
    }
    if (query.limit !== null) rows = rows.slice(0, query.limit);
    const records = rows.map((r) => project(query.object, r, query.fields, options.version));
    return this.page({ records, totalSize: records.length, lastUsed: this.clock().getTime(), owner: options.owner }, 0, options);
  }

  more(locatorAndOffset: string, options: { version: string; batchSize: number; owner: string }): SimResponse {
    const match = /^(.+)-(\d+)$/.exec(locatorAndOffset);
    const locator = match ? this.locators.get(match[1] as string) : undefined;
    const now = this.clock().getTime();
    if (!match || !locator || locator.owner !== options.owner || now - locator.lastUsed > LOCATOR_IDLE_MS) {
      if (match) this.locators.delete(match[1] as string);
      return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    this.locators.delete(match[1] as string);
    locator.lastUsed = now;
    return this.page(locator, Number(match[2]), options);
  }

  private page(locator: Locator, offset: number, options: { version: string; batchSize: number }): SimResponse {
    const records = locator.records.slice(offset, offset + options.batchSize);
    const nextOffset = offset + records.length;
    const done = nextOffset >= locator.records.length;
    const body: Record<string, unknown> = { totalSize: locator.totalSize, done, records };
    if (!done) {
      const id = `01g${randomBytes(6).toString('hex')}`;
      this.locators.set(id, locator);
      this.evictOldest(locator.owner);
      body['nextRecordsUrl'] = `/services/data/${options.version}/query/${id}-${nextOffset}`;
    }
    return { status: 200, json: body };
  }

  private evictOldest(owner: string): void {
    const mine = [...this.locators.entries()].filter(([, l]) => l.owner === owner);
    for (const [id] of mine.slice(0, Math.max(0, mine.length - MAX_OPEN_LOCATORS))) this.locators.delete(id);
  }
}
