import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, withDatabase } from '../../../src-main/store/database-url.js';

describe('parseDatabaseUrl', () => {
  it('reads user, encoded password, host, port and database', () => {
    expect(parseDatabaseUrl('mysql://app:p%40ss%3Aword@db.example:3307/correspondent')).toEqual({
      host: 'db.example',
      port: 3307,
      user: 'app',
      password: 'p@ss:word',
      database: 'correspondent',
    });
  });

  it('defaults the port and allows no database', () => {
    expect(parseDatabaseUrl('mariadb://root@127.0.0.1/')).toMatchObject({ port: 3306, database: null, password: '' });
  });

  it.each(['postgres://x@h/db', 'not a url', 'mysql://u@h/bad;name'])('refuses %s with invalid-input', (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });
});

describe('withDatabase', () => {
  it('swaps the database and keeps the credentials', () => {
    expect(withDatabase('mysql://a:b@h:1/x', 'y')).toBe('mysql://a:b@h:1/y');
    expect(withDatabase('mysql://a:b@h:1/x', null)).toBe('mysql://a:b@h:1/');
  });
});
