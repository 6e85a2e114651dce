/** Purge targets come from the CLI and the console: normalised here, refused with a one-line reason when unusable. */
import { AppError } from '../../src-shared/errors.js';
import { normaliseAddress, normaliseDomain } from '../rules/address.js';
import type { PurgeTarget } from './mail-store.js';

export function normalisePurgeTarget(target: PurgeTarget): PurgeTarget {
  if (target.kind === 'domain') {
    const domain = normaliseDomain(target.domain);
    if (domain === null) throw new AppError('invalid-input', `"${target.domain}" is not a domain.`);
    return { kind: 'domain', domain };
  }
  const address = normaliseAddress(target.address);
  if (address === null) throw new AppError('invalid-input', `"${target.address}" is not an email address.`);
  return { kind: target.kind, address };
}
