import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: {},
    untilStopped: () => Promise.resolve(),
  });
  return { code, stdout, stderr };
}

describe('correspondent CLI', () => {
  it('lists the contract commands in --help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    for (const command of ['demo', 'console', 'sync', 'worker', 'status', 'preview', 'emails', 'crm', 'purge', 'reindex', 'audit', 'sandbox']) {
      expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  // Issue 20, point 6: one style for every error. Before, commander's usage errors said "error: ..."
  // (these two tests asserted only the text after it).
  it('answers an unknown command with one line on stderr in the house style and exit code 2', async () => {
    const { code, stdout, stderr } = await run('frobnicate');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^correspondent: unknown command 'frobnicate'\n$/);
  });

  it('refuses a bad option value with one line in the house style and exit code 2', async () => {
    const { code, stderr } = await run('demo', '--port', 'eighty');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^correspondent: option '--port <n>' argument 'eighty' is invalid\. must be a port number[^\n]*\n$/);
  });

  it('with --json, a failure is also one JSON document on stdout with a named code', async () => {
    const refused = await run('--data-dir', '/nonexistent/correspondent-test', 'sync', '--once', '--json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^correspondent: No Microsoft 365 tenant is connected[^\n]*\n$/);
    expect(JSON.parse(refused.stdout)).toEqual({ error: { code: 'not-configured', message: expect.stringMatching(/^No Microsoft 365 tenant is connected/) } });
    const usage = await run('demo', '--once', '--json', '--port', 'eighty');
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({ error: { code: 'invalid-input', message: expect.stringMatching(/argument 'eighty' is invalid/) } });
  });

  // Before: `--since 2026-13-45` was reported as if --since were missing.
  it.each([
    ['2026-13-45', /there is no month 13/],
    ['2026-02-30', /2026-02 has no day 30/],
    ['2026-03-01T25:00Z', /25:00 is not a time of day/],
    ['yesterday', /expected YYYY-MM-DD/],
  ])('reports a --since of %s as invalid, with the value and why, exit 2', async (value, why) => {
    const { code, stdout, stderr } = await run('--data-dir', '/nonexistent/correspondent-test', 'preview', '--mailbox', 'ann@contoso.example', '--since', value);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^correspondent: option '--since <date>' argument '${value}' is invalid\\. not a valid date \\(`));
    expect(stderr).toMatch(why);
    expect(stderr).not.toMatch(/needs --since/);
  });

  it.each([['sync', '--once'], ['sync', '--mailbox', 'ann@contoso.example'], ['worker'], ['preview', '--mailbox', 'ann@contoso.example', '--since', '2026-01-01']])(
    '%s answers "not-configured" in one line when no tenant is connected, exit code 1, nothing on stdout',
    async (...argv) => {
      const { code, stdout, stderr } = await run('--data-dir', '/nonexistent/correspondent-test', ...argv);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^correspondent: No Microsoft 365 tenant is connected/);
    },
  );

  it('setup refuses a missing credential, a bad tenant and an unknown cloud in one line, storing nothing', async () => {
    const noCredential = await run('--data-dir', '/nonexistent/correspondent', 'setup', '--tenant', 'contoso.onmicrosoft.com', '--client-id', '3d9a6b2e-0f41-4c7e-8a55-6b1c2d3e4f50');
    expect(noCredential).toMatchObject({ code: 1, stdout: '' });
    expect(noCredential.stderr).toMatch(/^correspondent: Give exactly one credential/);
    const badTenant = await runCli(['--data-dir', '/nonexistent/correspondent', 'setup', '--tenant', 'common', '--client-id', '3d9a6b2e-0f41-4c7e-8a55-6b1c2d3e4f50'], {
      stdout: () => undefined,
      stderr: (t) => void (noCredential.stderr = t),
      env: { CORRESPONDENT_CLIENT_SECRET: 'x' },
      untilStopped: () => Promise.resolve(),
    });
    expect(badTenant).toBe(1);
    expect(noCredential.stderr).toMatch(/^correspondent: --tenant: /);
    const cloud = await run('setup', '--cloud', 'mars');
    expect(cloud.code).toBe(2);
    expect(cloud.stderr).toMatch(/global, usgov-high/);
  });

  it('refuses an invalid environment value with a named error', async () => {
    let stderr = '';
    const code = await runCli(['emails', 'list'], {
      stdout: () => undefined,
      stderr: (t) => void (stderr += t),
      env: { CORRESPONDENT_LOG_LEVEL: 'chatty' },
      untilStopped: () => Promise.resolve(),
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/CORRESPONDENT_LOG_LEVEL/);
  });
});
