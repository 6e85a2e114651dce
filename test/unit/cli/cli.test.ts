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

  it('answers an unknown command with one line on stderr and exit code 2', async () => {
    const { code, stdout, stderr } = await run('frobnicate');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/unknown command/i);
  });

  it('refuses a bad option value with one line and exit code 2', async () => {
    const { code, stderr } = await run('demo', '--port', 'eighty');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/port/);
  });

  it.each([['sync', '--once'], ['status', '--json']])(
    '%s answers "not yet available" with exit code 1 and nothing on stdout',
    async (...argv) => {
      const { code, stdout, stderr } = await run(...argv);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^correspondent: .* not yet available/);
    },
  );

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
