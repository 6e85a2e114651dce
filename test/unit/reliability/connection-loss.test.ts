/** A MariaDB connection lost mid-cycle is reported as 'database-unavailable', never as an unexplained 'internal'. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import { asConnectionLoss } from '../../../src-main/store/connection-errors.js';

describe('asConnectionLoss', () => {
  it.each(['ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST', 'ER_CONNECTION_KILLED', 'ECONNRESET'])('names a driver %s as database-unavailable (retryable)', (code) => {
    const named = asConnectionLoss(Object.assign(new Error('driver'), { code }));
    expect(named).toBeInstanceOf(AppError);
    expect(named).toMatchObject({ code: 'database-unavailable', retryable: true, message: expect.stringContaining(code) });
  });
  it('leaves AppErrors, other errors and null as they are', () => {
    const app = new AppError('graph-auth', 'x');
    const other = Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' });
    expect(asConnectionLoss(app)).toBe(app);
    expect(asConnectionLoss(other)).toBe(other);
    expect(asConnectionLoss(null)).toBeNull();
  });
});
