/**
 * An account's domains from the values of its mapped fields, whatever form the CRM keeps them in:
 * a website URL (https://www.fabrikam.com/about), a bare domain, an email address, or several of
 * them separated by ';', ',' or white space. "www." is dropped (mail comes from fabrikam.com, not
 * www.fabrikam.com); a value that holds no domain is reported, never guessed.
 */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function domainOf(raw: string): string | null {
  let value = raw.trim().toLowerCase();
  if (value === '') return null;
  const at = value.lastIndexOf('@');
  if (at >= 0 && !value.includes('/')) value = value.slice(at + 1);
  else {
    value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
    value = value.split(/[/?#]/)[0] ?? '';
    value = value.replace(/:\d+$/, '');
  }
  value = value.replace(/^www\d?\./, '').replace(/\.$/, '');
  const labels = value.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1) ?? '')) return null;
  return value;
}

export type DomainValues = { domains: string[]; unreadable: string[] };

export function domainsFromValues(values: readonly unknown[]): DomainValues {
  const domains: string[] = [];
  const unreadable: string[] = [];
  for (const value of values) {
    if (value === null || value === undefined) continue;
    for (const part of String(value).split(/[;,\s]+/)) {
      if (part.trim() === '') continue;
      const domain = domainOf(part);
      if (domain === null) unreadable.push(part);
      else if (!domains.includes(domain)) domains.push(domain);
    }
  }
  return { domains, unreadable };
}
