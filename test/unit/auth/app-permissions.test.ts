import { describe, expect, it } from 'vitest';
import { checkPermissions, grantsTenantWideMail, NEEDED_APP_PERMISSIONS, rolesOfToken } from '../../../src-main/auth/app-permissions.js';

const token = (claims: Record<string, unknown>) => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('application permissions in the access token', () => {
  it('lists what the product calls: mail, users, domains', () => {
    expect(NEEDED_APP_PERMISSIONS.map((p) => p.name)).toEqual(['Mail.Read', 'User.Read.All', 'Domain.Read.All']);
  });

  it('reads the roles claim, and none from a token without it (Entra issues such tokens when nothing is granted)', () => {
    expect(rolesOfToken(token({ roles: ['Mail.Read', 'User.Read.All'] }))).toEqual(['Mail.Read', 'User.Read.All']);
    expect(rolesOfToken(token({ tid: 't' }))).toEqual([]);
    expect(rolesOfToken('not a jwt')).toEqual([]);
  });

  it('names each missing permission of a partial grant, and counts broader roles for narrower needs', () => {
    expect(checkPermissions(['User.Read.All']).map((c) => [c.name, c.granted])).toEqual([
      ['Mail.Read', false],
      ['User.Read.All', true],
      ['Domain.Read.All', false],
    ]);
    expect(checkPermissions(['Mail.ReadWrite', 'Directory.Read.All']).every((c) => c.granted)).toBe(true);
    // Mail.ReadBasic.All has no bodies: not enough for Correspondent.
    expect(checkPermissions(['Mail.ReadBasic.All']).find((c) => c.name === 'Mail.Read')?.granted).toBe(false);
    expect(grantsTenantWideMail(['Mail.ReadWrite'])).toBe(true);
    expect(grantsTenantWideMail(['User.Read.All'])).toBe(false);
  });
});
