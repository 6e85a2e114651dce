import { describe, expect, it } from 'vitest';
import { toConnectionError } from '../../../src-main/store/connection-errors.js';

const target = { host: 'db.example', port: 3307, user: 'app', database: 'correspondent' };

describe('toConnectionError', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, /connection refused by db\.example:3307/, true],
    [{ code: 'ENOTFOUND' }, /DNS lookup failed for host "db\.example"/, false],
    [{ code: 'ER_ACCESS_DENIED_ERROR', message: "Access denied for user 'app'@'x' (using password: YES)" }, /access denied for user "app"/, false],
    [{ code: 'HANDSHAKE_SSL_ERROR' }, /TLS handshake with db\.example:3307 failed/, false],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, /TLS handshake/, false],
    [{ code: 'ER_BAD_DB_ERROR' }, /database "correspondent" does not exist/, false],
    [{ code: 'ETIMEDOUT' }, /timed out/, true],
  ])('maps %o', (driverError, message, retryable) => {
    const error = toConnectionError(driverError, target);
    expect(error.code).toBe('database-unavailable');
    expect(error.message).toMatch(message);
    expect(error.retryable).toBe(retryable);
  });

  it('never repeats the driver message, which may carry more than we want to show', () => {
    const error = toConnectionError({ code: 'ER_ACCESS_DENIED_ERROR', message: 'secret-ish detail' }, target);
    expect(error.message).not.toContain('secret-ish');
  });
});
