/**
 * Turning a CRM field's raw value into what the CRM tables hold, the same way for every connector
 * and as the CSV import does: addresses and domains through the capture rules' normalisers (so a
 * match works alike whatever the source), websites reduced to their host, dates to ISO 8601.
 * Each returns null for a value that cannot be read; the caller reports the record as rejected.
 */
import { normaliseAddress, normaliseDomain } from '../../../rules/address.js';

export type Mapped<Row> = { ok: true; row: Row } | { ok: false; reason: string };

/** Domains of a domain list or website cell ("https://www.acme.com/en", "acme.com;acme.de"). */
export function domainsOf(cells: (string | null | undefined)[]): { domains: string[]; invalid: string[] } {
  const domains: string[] = [];
  const invalid: string[] = [];
  for (const cell of cells) {
    if (!cell) continue;
    for (const part of cell.split(/[;,\s]+/).filter(Boolean)) {
      const host = part.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/?#:].*$/, '').replace(/^www\./i, '');
      const domain = normaliseDomain(host);
      if (domain === null) invalid.push(part);
      else if (!domains.includes(domain)) domains.push(domain);
    }
  }
  return { domains, invalid };
}

/** The domain part of an address (emailaddress1 on a Dataverse account). */
export function domainOfAddress(raw: string | null | undefined): string | null {
  const address = normaliseAddress(raw ?? '');
  return address === null ? null : (address.split('@')[1] ?? null);
}

export function emailOf(raw: string | null | undefined): Mapped<string> {
  if (raw === null || raw === undefined || raw.trim() === '') return { ok: false, reason: 'no email address' };
  const address = normaliseAddress(raw);
  return address === null ? { ok: false, reason: 'email is not a valid address' } : { ok: true, row: address };
}

export function isoDateTime(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const time = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** A number cell; undefined when present but not a number. */
export function amountOf(raw: string | number | null | undefined): number | null | undefined {
  if (raw === null || raw === undefined || raw === '') return null;
  const value = typeof raw === 'number' ? raw : Number(raw.replace(/[\s,]/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

export function personName(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim()).join(' ');
}
