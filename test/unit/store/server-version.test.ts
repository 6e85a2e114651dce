import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import { assertSupportedServer, parseServerVersion } from '../../../src-main/store/server-version.js';

describe('parseServerVersion', () => {
  it('reads a Debian MariaDB version string', () => {
    expect(parseServerVersion('10.11.6-MariaDB-0+deb12u1')).toEqual({
      major: 10,
      minor: 11,
      patch: 6,
      isMariaDb: true,
      raw: '10.11.6-MariaDB-0+deb12u1',
    });
  });

  it('ignores the 5.5.5- replication prefix MariaDB sends in the handshake', () => {
    expect(parseServerVersion('5.5.5-10.6.4-MariaDB-log')).toMatchObject({ major: 10, minor: 6, patch: 4, isMariaDb: true });
  });

  it('recognises MySQL as not MariaDB', () => {
    expect(parseServerVersion('8.0.36')).toMatchObject({ major: 8, minor: 0, patch: 36, isMariaDb: false });
  });

  it('returns null for garbage', () => {
    expect(parseServerVersion('unknown')).toBeNull();
  });
});

describe('assertSupportedServer', () => {
  it.each(['10.6.0-MariaDB', '10.11.6-MariaDB-0+deb12u1', '11.4.2-MariaDB-ubu2404'])('accepts %s', (raw) => {
    expect(assertSupportedServer(raw).isMariaDb).toBe(true);
  });

  it('refuses MariaDB 10.5 and names the version found', () => {
    const error = catchError(() => assertSupportedServer('10.5.23-MariaDB'));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'database-version' });
    expect(error.message).toContain('10.6');
    expect(error.message).toContain('found MariaDB 10.5.23');
  });

  it('refuses MySQL and says so', () => {
    const error = catchError(() => assertSupportedServer('8.0.36'));
    expect(error).toMatchObject({ code: 'database-version' });
    expect(error.message).toMatch(/found MySQL.*8\.0\.36/);
  });

  it('refuses an unrecognised version string and quotes it', () => {
    expect(catchError(() => assertSupportedServer('weird')).message).toContain('"weird"');
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
