/**
 * `correspondent setup`: configures the tenant without a browser or console, for servers - from
 * flags or the environment (CORRESPONDENT_TENANT, CORRESPONDENT_CLIENT_ID, CORRESPONDENT_CLOUD,
 * CORRESPONDENT_CLIENT_SECRET[_FILE]). Secrets are read from files or the environment, never from
 * the command line (which `ps` shows), and go into the encrypted vault. Prints the admin-consent
 * link to send to a Global Administrator; the app notices the consent by itself.
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { parseDateOption } from '../parse-date.js';
import { zodIssues } from '../../../src-shared/api-dispatch.js';
import { AppError } from '../../../src-shared/errors.js';
import { CLOUD_NAMES, tenantSetupSchema, type TenantSetup } from '../../../src-shared/setup.js';
import { createTenantAuth } from '../../auth/tenant-auth.js';
import { configureTenant, customCloudFromEnvironment, openVault, summariseTenant } from '../../app/tenant-runtime.js';
import { createHttpDispatcher } from '../../net/http-dispatcher.js';
import type { CliContext } from '../cli-context.js';
import { dataDirOf, loggerOf } from './common-options.js';

type SetupFlags = {
  tenant?: string;
  clientId?: string;
  cloud?: string;
  clientSecretFile?: string;
  secretExpiresOn?: string;
  certificateFile?: string;
  certificatePassphraseFile?: string;
  json?: boolean;
};

const FLAG_OF: Record<string, string> = { tenant: '--tenant', clientId: '--client-id', cloud: '--cloud', credential: 'the credential' };

async function readSecretFile(file: string, what: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (cause) {
    throw new AppError('invalid-input', `Cannot read ${what} ${file}.`, { cause });
  }
}

async function credentialOf(flags: SetupFlags, env: NodeJS.ProcessEnv): Promise<TenantSetup['credential']> {
  const secretFile = flags.clientSecretFile ?? env.CORRESPONDENT_CLIENT_SECRET_FILE;
  const certificateFile = flags.certificateFile ?? env.CORRESPONDENT_CERTIFICATE_FILE;
  const inlineSecret = env.CORRESPONDENT_CLIENT_SECRET;
  const given = [secretFile, certificateFile, inlineSecret].filter(Boolean).length;
  if (given !== 1) throw new AppError('invalid-input', 'Give exactly one credential: --client-secret-file, --certificate-file or CORRESPONDENT_CLIENT_SECRET.');
  if (certificateFile) {
    const passphraseFile = flags.certificatePassphraseFile ?? env.CORRESPONDENT_CERTIFICATE_PASSPHRASE_FILE;
    const passphrase = passphraseFile ? await readSecretFile(passphraseFile, 'the certificate passphrase file') : env.CORRESPONDENT_CERTIFICATE_PASSPHRASE;
    let bytes: Buffer;
    try {
      bytes = await readFile(certificateFile);
    } catch (cause) {
      throw new AppError('invalid-input', `Cannot read the certificate file ${certificateFile}.`, { cause });
    }
    const text = bytes.toString('utf8');
    const pass = passphrase ? { passphrase } : {};
    return text.includes('-----BEGIN') ? { kind: 'certificate', pem: text, ...pass } : { kind: 'certificate-pfx', pfxBase64: bytes.toString('base64'), ...pass };
  }
  const secret = secretFile ? await readSecretFile(secretFile, 'the client secret file') : (inlineSecret as string);
  return { kind: 'secret', secret, ...(flags.secretExpiresOn ? { expiresOn: flags.secretExpiresOn } : {}) };
}

function parseCloud(value: string): string {
  if (!(CLOUD_NAMES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${CLOUD_NAMES.join(', ')}`);
  return value;
}

export function registerSetup(program: Command, context: CliContext): void {
  program
    .command('setup')
    .description('configure the Microsoft 365 tenant non-interactively, then print the admin-consent link')
    .option('--tenant <id-or-domain>', 'tenant ID (GUID) or verified domain (env CORRESPONDENT_TENANT)')
    .option('--client-id <guid>', "the app registration's application (client) ID (env CORRESPONDENT_CLIENT_ID)")
    .option('--cloud <cloud>', `national cloud: ${CLOUD_NAMES.join(', ')} (env CORRESPONDENT_CLOUD; default global)`, parseCloud)
    .option('--client-secret-file <file>', 'file holding the client secret value (or env CORRESPONDENT_CLIENT_SECRET[_FILE])')
    .option('--secret-expires-on <yyyy-mm-dd>', 'when the client secret expires (shown in consent health)', (value: string) => {
      parseDateOption(value); // present but invalid is refused as invalid, with the value (exit 2)
      return value;
    })
    .option('--certificate-file <file>', 'PEM (certificate + key) or PFX file (env CORRESPONDENT_CERTIFICATE_FILE)')
    .option('--certificate-passphrase-file <file>', 'file holding the key or PFX password')
    .option('--json', 'print {tenant, consentLink} as one JSON document')
    .action(async (flags: SetupFlags, command: Command) => {
      const env = context.io.env;
      const logger = loggerOf(context);
      const dataDir = dataDirOf(command, context);
      const input = {
        tenant: flags.tenant ?? env.CORRESPONDENT_TENANT,
        clientId: flags.clientId ?? env.CORRESPONDENT_CLIENT_ID,
        cloud: flags.cloud ?? env.CORRESPONDENT_CLOUD ?? 'global',
        credential: await credentialOf(flags, env),
      };
      const parsed = tenantSetupSchema.safeParse(input);
      if (!parsed.success) {
        const issue = zodIssues(parsed.error)[0];
        const field = FLAG_OF[issue?.path.split('.')[0] ?? ''] ?? issue?.path ?? 'input';
        throw new AppError('invalid-input', `${field}: ${issue?.message ?? 'invalid'}`);
      }
      const vault = await openVault(dataDir, env);
      if (!vault.store) throw new AppError('not-configured', vault.problem);
      const runtime = await configureTenant(dataDir, vault.store, parsed.data, customCloudFromEnvironment(env) ?? undefined);
      const dispatcher = createHttpDispatcher();
      try {
        const auth = await createTenantAuth(runtime.config, vault.store, dispatcher, logger, { store: runtime.store });
        const consentLink = await auth.consent.consentLink();
        const tenant = summariseTenant(runtime.config, false);
        if (flags.json) {
          context.io.stdout(`${JSON.stringify({ tenant, consentLink })}\n`);
        } else {
          context.io.stderr(`Tenant ${tenant.tenant} configured (${tenant.cloud} cloud, ${tenant.credential.kind}); the secret is in the encrypted vault.\n`);
          context.io.stderr('Send this admin-consent link to a Global Administrator (`correspondent status` shows when consent is granted):\n');
          context.io.stdout(`${consentLink}\n`);
        }
      } finally {
        await dispatcher.close();
      }
    });
}
