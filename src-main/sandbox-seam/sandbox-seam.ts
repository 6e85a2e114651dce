/**
 * The one place the product reaches the simulated Microsoft 365 tenant (@correspondent/m365-sandbox),
 * for the demo, the console's "Try with the sandbox tenant" and `correspondent sandbox`. The
 * simulator is a development and demo dependency, never part of the desktop build, so it is
 * loaded on demand: where it is not installed, these calls answer 'not-available' instead of the
 * product failing to start. Lint forbids importing the package anywhere else in src-main.
 */
import type * as Sandbox from '@correspondent/m365-sandbox';
import type * as CrmSandbox from '@correspondent/crm-sandbox';
import type { CrmSnapshot } from '@correspondent/contract';
import { AppError } from '../../src-shared/errors.js';

/**
 * A running sandbox tenant. The product uses its endpoints, app credentials, CRM and consent
 * state; the demo hands the whole handle on so that tests can drive the tenant's controls.
 */
export type SandboxTenant = Sandbox.SandboxHandle;

export type SandboxStartOptions = Sandbox.SandboxOptions;
/** Message envelopes (cli.md "Formats"), parsed by the simulator; opaque to the product. */
export type SandboxEnvelopes = Sandbox.MessageEnvelope[];

let loaded: Promise<typeof Sandbox> | null = null;

function loadSandbox(): Promise<typeof Sandbox> {
  loaded ??= import('@correspondent/m365-sandbox').catch((error: unknown) => {
    loaded = null;
    if ((error as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND') {
      throw new AppError(
        'not-available',
        'The sandbox tenant is not part of this installation: it comes with the development and demo install (`npm ci` in a clone of the repository), not with the desktop package.',
        { cause: error },
      );
    }
    throw error;
  });
  return loaded;
}

/** The simulator's bad-input error as the product's own 'invalid-input'. */
function asAppError(error: unknown): unknown {
  const e = error as { code?: unknown; message?: unknown; issues?: { path: string; message: string }[] } | null;
  if (error instanceof Error && e?.code === 'invalid-input') return new AppError('invalid-input', error.message, { cause: error, ...(e.issues ? { issues: e.issues } : {}) });
  return error;
}

/** True when the simulator is installed (the desktop package has none). */
export async function sandboxAvailable(): Promise<boolean> {
  try {
    await loadSandbox();
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not-available') return false;
    throw error;
  }
}

export async function startSandboxTenant(options: SandboxStartOptions = {}): Promise<SandboxTenant> {
  const sandbox = await loadSandbox();
  try {
    return await sandbox.startSandbox(options);
  } catch (error) {
    throw asAppError(error);
  }
}

/** Parses message envelopes (JSON Lines); bad lines are an 'invalid-input' naming the line. */
export async function parseSandboxEnvelopes(text: string): Promise<SandboxEnvelopes> {
  const sandbox = await loadSandbox();
  try {
    return sandbox.parseEnvelopesJsonl(text);
  } catch (error) {
    throw asAppError(error);
  }
}

/** A running simulated CRM (issue 22): the demo connects to it as to a real one. */
export type CrmSimulator = CrmSandbox.SalesforceSimulator;

let crmLoaded: Promise<typeof CrmSandbox> | null = null;

function loadCrmSandbox(): Promise<typeof CrmSandbox> {
  crmLoaded ??= import('@correspondent/crm-sandbox').catch((error: unknown) => {
    crmLoaded = null;
    if ((error as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND') {
      throw new AppError('not-available', 'The CRM simulators are not part of this installation: they come with the development and demo install, not with the desktop package.', { cause: error });
    }
    throw error;
  });
  return crmLoaded;
}

/** Starts the simulated Salesforce org serving `seed` (the demo tenant's CRM directory). */
export async function startSalesforceSimulator(seed: CrmSnapshot): Promise<CrmSimulator> {
  const sandbox = await loadCrmSandbox();
  return sandbox.startSalesforceSimulator({ seed });
}
