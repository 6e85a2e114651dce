/**
 * `correspondent sandbox --consent ... --scope-to-opted-in ...`: a served tenant that shows a
 * consent standing or an Exchange scope (issue 16), checked on the wire while the command runs.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main.js';

type Seen = { status: number; body: Record<string, unknown> };

/** Runs the command; while it serves, asks the tenant's token endpoint for an app-only token. */
async function tokenAnswerOf(...flags: string[]): Promise<{ code: number; stderr: string; seen: Seen | null }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-cli-'));
  const caFile = path.join(dir, 'ca.pem');
  const credentialsFile = path.join(dir, 'credentials.json');
  let stdout = '';
  let stderr = '';
  let seen: Seen | null = null;
  try {
    const code = await runCli(['sandbox', '--seed', '3', '--ca-out', caFile, '--credentials-out', credentialsFile, ...flags], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: {},
      untilStopped: async () => {
        const authority = /authority (\S+),/.exec(stdout)?.[1] ?? '';
        const credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as { clientId: string; clientSecret: string };
        const agent = new Agent({ connect: { ca: await readFile(caFile, 'utf8') } });
        const response = await fetch(`${authority}/oauth2/v2.0/token`, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: 'https://graph.microsoft.com/.default' }),
          dispatcher: agent,
        });
        seen = { status: response.status, body: (await response.json()) as Record<string, unknown> };
        await agent.close();
      },
    });
    return { code, stderr, seen };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const rolesOf = (token: unknown) => (JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString()) as { roles?: string[] }).roles;

describe('correspondent sandbox: tenants that show a consent standing or a scope', () => {
  it('--consent no-service-principal: client credentials fail with 401 AADSTS7000229', async () => {
    const { code, seen } = await tokenAnswerOf('--consent', 'no-service-principal');
    expect(code).toBe(0);
    expect(seen).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [7000229] } });
  });

  it('--consent missing: a token without roles; --scope-to-opted-in rbac: a token without Mail.Read', async () => {
    const missing = await tokenAnswerOf('--consent', 'missing');
    expect(missing.seen?.status).toBe(200);
    expect(rolesOf(missing.seen?.body['access_token'])).toBeUndefined();
    const rbac = await tokenAnswerOf('--scope-to-opted-in', 'rbac');
    expect(rolesOf(rbac.seen?.body['access_token'])).toEqual(['User.Read.All', 'Domain.Read.All']);
  });

  it('refuses an unknown standing in one line, exit code 2', async () => {
    const { code, stderr, seen } = await tokenAnswerOf('--consent', 'maybe');
    expect(code).toBe(2);
    expect(seen).toBeNull();
    expect(stderr).toMatch(/--consent must be one of granted, missing, no-service-principal/);
  });
});
