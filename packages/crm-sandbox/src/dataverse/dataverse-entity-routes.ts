/**
 * GET /api/data/v9.2/{entity set}: `$select`, server-driven paging (`@odata.nextLink` with a
 * `$skiptoken`, page size from Prefer odata.maxpagesize) and change tracking. With
 * `Prefer: odata.track-changes` the last page carries `@odata.deltaLink` (`$deltatoken` =
 * version!date, like the documented `919042!08/22/2017 08:10:44`); following it returns the rows
 * created or updated since, then `$deletedEntity` entries for deleted ones. `$filter`, `$orderby`,
 * `$expand` and `$top` are refused with change tracking, as documented. A delta token older than
 * the organisation's ExpireChangeTrackingInDays is ExpiredVersionStamp (0x80044352).
 */
import { dataverseError, EXPIRED_VERSION_STAMP } from './dataverse-errors.js';
import { appliedPreferences, readPrefer, wantsAnnotation } from './dataverse-prefer.js';
import { DATAVERSE_ENTITY_SETS, PRIMARY_KEY, type DataverseStore, type EntitySet, type Row } from './dataverse-store.js';
import { headerOf, type SimRequest, type SimResponse, type SimRoute } from '@correspondent/crm-sandbox/hubspot/simulator-https.js';

export const API_PATH = '/api/data/v9.2';
const LOOKUP_TARGET: Record<string, string> = { _ownerid_value: 'systemuser', _parentaccountid_value: 'account' };
const UNSUPPORTED_WITH_TRACKING = ['$filter', '$orderby', '$expand', '$top'];

/** `handedOut`: every delta token given so far; `expired`: those a control declared expired. */
export type ChangeTrackingPolicy = { expireDays: number; handedOut: Set<string>; expired: Set<string> };

type Skip = { upTo: number; from: number; after: number; tombstones: boolean };

function formatDeltaDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function parseDeltaToken(raw: string): { version: number; ms: number } | null {
  const match = /^(\d+)!(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)$/.exec(raw);
  if (!match) return null;
  const [, version, mo, day, year, h, mi, s] = match.map(Number) as number[];
  return { version: version!, ms: Date.UTC(year!, mo! - 1, day!, h!, mi!, s!) };
}

function project(set: EntitySet, row: Row, select: string[] | null, annotate: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': `W/"${row.version}"` };
  const columns = select ?? Object.keys(row.values).filter((k) => !k.startsWith('#'));
  for (const column of columns) {
    const value = row.values[column];
    out[column] = value === undefined ? null : value;
    if (annotate && column.startsWith('_') && column.endsWith('_value') && value !== null && value !== undefined) {
      const target = column === '_parentcustomerid_value' ? row.values['#parentcustomerid_type'] : LOOKUP_TARGET[column];
      out[`${column}@Microsoft.Dynamics.CRM.lookuplogicalname`] = target ?? null;
    }
  }
  out[PRIMARY_KEY[set]] = row.id;
  return out;
}

function entityRoute(store: DataverseStore, origin: string, policy: ChangeTrackingPolicy, clock: () => number): SimRoute['handler'] {
  return (request: SimRequest): SimResponse => {
    const set = request.params['entitySet'] as EntitySet;
    if (!(DATAVERSE_ENTITY_SETS as readonly string[]).includes(set)) {
      return dataverseError(404, '0x80060888', `Resource not found for the segment '${request.params['entitySet'] ?? ''}'.`);
    }
    const query = request.url.searchParams;
    const preferRaw = headerOf(request, 'prefer');
    const preferences = readPrefer(preferRaw);
    const deltaRaw = query.get('$deltatoken');
    const tracking = preferences.trackChanges || deltaRaw !== null;
    for (const option of UNSUPPORTED_WITH_TRACKING) {
      if (query.has(option)) {
        return tracking
          ? dataverseError(400, '0x80060888', `The "${option}" query parameter isn't supported when Change Tracking is enabled.`)
          : dataverseError(400, '0x80060888', `The simulator does not implement ${option}.`);
      }
    }
    const select = query.get('$select')?.split(',').map((c) => c.trim()).filter(Boolean) ?? null;
    let from = 0;
    if (deltaRaw !== null) {
      const token = parseDeltaToken(deltaRaw);
      if (!token) return dataverseError(400, '0x80060888', 'The $deltatoken is not valid.');
      const tooOld = clock() - token.ms > policy.expireDays * 86_400_000 || policy.expired.has(deltaRaw);
      if (tooOld) return dataverseError(400, EXPIRED_VERSION_STAMP.code, EXPIRED_VERSION_STAMP.message);
      from = token.version;
    }
    const skipRaw = query.get('$skiptoken');
    let skip: Skip = { upTo: store.version, from, after: from, tombstones: false };
    if (skipRaw !== null) {
      try {
        skip = JSON.parse(Buffer.from(skipRaw, 'base64url').toString('utf8')) as Skip;
      } catch {
        return dataverseError(400, '0x80060888', 'The $skiptoken is not valid.');
      }
    }
    const annotate = wantsAnnotation(preferences, 'Microsoft.Dynamics.CRM.lookuplogicalname');
    const size = preferences.maxPageSize;
    const value: Record<string, unknown>[] = [];
    let next: Skip | null = null;
    if (!skip.tombstones) {
      const rows = store.byVersion(set).filter((r) => r.version > skip.after && r.version <= skip.upTo);
      for (const row of rows.slice(0, size)) value.push(project(set, row, select, annotate));
      if (rows.length > size) next = { ...skip, after: rows[size - 1]!.version };
      else if (deltaRaw !== null) skip = { ...skip, after: skip.from, tombstones: true };
    }
    if (skip.tombstones && next === null && deltaRaw !== null) {
      const room = size - value.length;
      const dead = store.tombstones[set].filter((t) => t.version > skip.after && t.version <= skip.upTo);
      for (const tombstone of dead.slice(0, room)) {
        value.push({ '@odata.context': `${origin}${API_PATH}/$metadata#${set}/$deletedEntity`, id: tombstone.id, reason: 'deleted' });
      }
      if (dead.length > room) next = { ...skip, tombstones: true, after: room === 0 ? skip.after : dead[room - 1]!.version };
    }
    const selectPart = select ? `(${select.join(',')})` : '';
    const json: Record<string, unknown> = { '@odata.context': `${origin}${API_PATH}/$metadata#${set}${selectPart}${deltaRaw !== null ? '/$delta' : ''}`, value };
    if (next) {
      const link = new URL(`${origin}${API_PATH}/${set}`);
      for (const [k, v] of query) if (k !== '$skiptoken') link.searchParams.append(k, v);
      link.searchParams.set('$skiptoken', Buffer.from(JSON.stringify(next)).toString('base64url'));
      json['@odata.nextLink'] = link.toString();
    } else if (tracking) {
      const link = new URL(`${origin}${API_PATH}/${set}`);
      if (select) link.searchParams.set('$select', select.join(','));
      const deltaToken = `${skip.upTo}!${formatDeltaDate(clock())}`;
      policy.handedOut.add(deltaToken);
      link.searchParams.set('$deltatoken', deltaToken);
      json['@odata.deltaLink'] = link.toString();
    }
    const headers: Record<string, string> = { 'odata-version': '4.0' };
    const applied = appliedPreferences(preferences, /odata\.maxpagesize/i.test(preferRaw ?? ''));
    if (applied) headers['preference-applied'] = applied;
    return { status: 200, headers, json };
  };
}

export function dataverseEntityRoutes(store: DataverseStore, origin: string, policy: ChangeTrackingPolicy, clock: () => number, who: { userId: string; organizationId: string }): SimRoute[] {
  return [
    {
      method: 'GET',
      path: `${API_PATH}/WhoAmI`,
      handler: () => ({
        status: 200,
        headers: { 'odata-version': '4.0' },
        json: { '@odata.context': `${origin}${API_PATH}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, BusinessUnitId: '3f2e7a10-0d87-4e71-80e5-00155db19e6d', UserId: who.userId, OrganizationId: who.organizationId },
      }),
    },
    { method: 'GET', path: `${API_PATH}/:entitySet`, handler: entityRoute(store, origin, policy, clock) },
  ];
}
