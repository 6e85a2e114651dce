/**
 * Salesforce record ids: a 3-character key prefix naming the object (001 Account, 003 Contact,
 * 00Q Lead, 006 Opportunity, 005 User), the rest case-sensitive base 62, 15 characters in all,
 * and the 3-character case-insensitive checksum that makes the 18-character form the REST API
 * returns (each suffix character encodes which of 5 characters are upper case). docs/crm-salesforce.md.
 */
export const KEY_PREFIX = { Account: '001', Contact: '003', Lead: '00Q', Opportunity: '006', User: '005', Organization: '00D' } as const;
export type KeyPrefixed = keyof typeof KEY_PREFIX;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

function base62(n: number, width: number): string {
  let out = '';
  let rest = n;
  for (let i = 0; i < width; i += 1) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

/** The 18-character form of a 15-character id. */
export function withChecksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return id15 + suffix;
}

/** The n-th id of an object in this org ("0g" stands for the pod/instance characters). */
export function recordId(object: KeyPrefixed, n: number): string {
  return withChecksum(`${KEY_PREFIX[object]}0g${base62(n, 10)}`);
}
