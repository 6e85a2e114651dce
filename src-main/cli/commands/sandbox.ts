/**
 * `correspondent sandbox`: serves the simulated tenant until stopped, writing its CA certificate
 * and app credentials where other processes (tests, a separately started console) can read them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../../../src-shared/errors.js';
import { parseSandboxEnvelopes, startSandboxTenant } from '../../sandbox-seam/sandbox-seam.js';
import type { CliContext } from '../cli-context.js';
import { parsePort } from './common-options.js';

type SandboxFlags = {
  port?: number;
  seed?: number;
  scale?: string;
  messages?: string;
  caOut?: string;
  credentialsOut?: string;
  mailboxes?: number;
  messagesPerMailbox?: number;
  consent?: string;
  scopeToOptedIn?: string;
};

const CONSENT_STANDINGS = ['granted', 'missing', 'no-service-principal'] as const;
const SCOPES = ['access-policy', 'rbac'] as const;

function oneOf<T extends string>(allowed: readonly T[], flag: string) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new InvalidArgumentError(`${flag} must be one of ${allowed.join(', ')}, not ${value}`);
    return value as T;
  };
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`must be a positive whole number, not ${value}`);
  return n;
}

export function registerSandbox(program: Command, context: CliContext): void {
  program
    .command('sandbox')
    .description('serve the simulated Microsoft 365 tenant on https://127.0.0.1:PORT')
    .option('--port <n>', 'port (default: a free port)', parsePort)
    .option('--seed <n>', 'generator seed', parsePort)
    .option('--scale <scale>', 'demo (a few users) or bench (thousands of mailboxes, generated lazily)', 'demo')
    .option('--mailboxes <n>', 'bench: number of mailboxes (default 5000)', parsePositive)
    .option('--messages-per-mailbox <n>', 'bench: messages per mailbox, about (default 2000)', parsePositive)
    .option('--messages <file.jsonl>', 'seed mailboxes from message envelopes')
    .option('--ca-out <file>', 'write the CA certificate (PEM) here')
    .option('--credentials-out <file.json>', 'write {tenantId, clientId, clientSecret} here')
    .option('--consent <standing>', 'the app at start: granted, missing (a token without roles) or no-service-principal (AADSTS7000229)', oneOf(CONSENT_STANDINGS, '--consent'))
    .option('--scope-to-opted-in <how>', "Exchange scopes the app to the CRM's opted-in users: access-policy or rbac", oneOf(SCOPES, '--scope-to-opted-in'))
    .action(async (flags: SandboxFlags) => {
      if (flags.scale !== 'demo' && flags.scale !== 'bench') throw new AppError('invalid-input', `--scale must be demo or bench, not ${flags.scale}.`);
      if (flags.scale === 'bench' && flags.messages) throw new AppError('invalid-input', '--messages and --scale bench cannot be combined.');
      const envelopes = flags.messages ? await parseSandboxEnvelopes(await readFile(flags.messages, 'utf8')) : undefined;
      const sandbox = await startSandboxTenant({
        ...(flags.port !== undefined ? { port: flags.port } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(envelopes ? { envelopes } : {}),
        scale: flags.scale,
        ...(flags.consent ? { consent: flags.consent as (typeof CONSENT_STANDINGS)[number] } : {}),
        ...(flags.scopeToOptedIn ? { scopeToOptedIn: flags.scopeToOptedIn as (typeof SCOPES)[number] } : {}),
        ...(flags.scale === 'bench'
          ? { bench: { ...(flags.mailboxes ? { mailboxes: flags.mailboxes } : {}), ...(flags.messagesPerMailbox ? { messagesPerMailbox: flags.messagesPerMailbox } : {}) } }
          : {}),
      });
      try {
        if (flags.caOut) await writeFile(flags.caOut, sandbox.caPem, { mode: 0o644 });
        if (flags.credentialsOut) {
          const credentials = { tenantId: sandbox.tenantId, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret };
          await writeFile(flags.credentialsOut, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
        }
        context.io.stdout(`Sandbox tenant ${sandbox.tenantId} on ${sandbox.baseUrl} (authority ${sandbox.authority}, Graph ${sandbox.graphBaseUrl}). Press Ctrl-C to stop.\n`);
        await context.io.untilStopped();
      } finally {
        await sandbox.stop();
      }
    });
}
