/**
 * The network path of every Microsoft call, built from the settings: the proxy (settings, then
 * HTTPS_PROXY, then the operating system's as Electron resolves it), its bypass list, the extra CA
 * bundle and the tenant's own CA (the sandbox's). MSAL's network client and the Graph client are
 * built once around one dispatcher; this one forwards to an inner undici dispatcher that is
 * replaced when the settings change, so a new proxy applies to the next request without a restart
 * and without rebuilding (or re-authenticating) the clients. The old one drains its requests.
 */
import { readFile } from 'node:fs/promises';
import { Dispatcher } from 'undici';
import { AppError } from '../../src-shared/errors.js';
import type { NetworkSettings } from '../../src-shared/settings.js';
import { resolveProxy, type ProxyChoice } from '../auth/proxy-config.js';
import { createHttpDispatcher } from '../net/http-dispatcher.js';
import type { Logger } from '../logging/logger.js';

export type NetworkEnvironment = {
  /** HTTPS_PROXY / NO_PROXY as the shell read them (the core never reads process.env). */
  env: Record<string, string | undefined>;
  /** The operating system's proxy (Electron: session.resolveProxy), or null. */
  systemProxy?: () => Promise<string | null>;
  readTextFile?: (file: string) => Promise<string>;
};

export interface MicrosoftNetwork {
  /** Stable: give it to MSAL and Graph once. */
  readonly dispatcher: Dispatcher;
  /** The proxy in use and where it came from. */
  proxy(): ProxyChoice;
  /** Rebuilds the inner dispatcher for new settings and/or tenant CAs. */
  apply(change: { settings?: NetworkSettings; tenantCaPem?: string[] }): Promise<void>;
  close(): Promise<void>;
}

/** Forwards every request to the current inner dispatcher. */
class SwitchableDispatcher extends Dispatcher {
  constructor(public inner: Dispatcher) {
    super();
  }
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.inner.dispatch(options, handler);
  }
  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const done = this.inner.close();
    if (callback) void done.then(callback);
    else return done;
  }
  override destroy(): Promise<void>;
  override destroy(error: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(error: Error | null, callback: () => void): void;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const error = typeof a === 'function' ? null : (a ?? null);
    const callback = typeof a === 'function' ? a : b;
    const done = this.inner.destroy(error);
    if (callback) void done.then(callback);
    else return done;
  }
}

async function readCaFile(file: string, read: (file: string) => Promise<string>): Promise<string> {
  let text: string;
  try {
    text = await read(file);
  } catch (cause) {
    throw new AppError('not-configured', `The extra CA bundle ${file} cannot be read.`, { cause });
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new AppError('invalid-input', `The extra CA bundle ${file} contains no PEM certificate.`);
  return text;
}

export async function createMicrosoftNetwork(
  initial: { settings: NetworkSettings; tenantCaPem?: string[] },
  environment: NetworkEnvironment,
  logger: Logger,
): Promise<MicrosoftNetwork> {
  const read = environment.readTextFile ?? ((file: string) => readFile(file, 'utf8'));
  let settings = initial.settings;
  let tenantCaPem = initial.tenantCaPem ?? [];
  let choice: ProxyChoice = { proxyUrl: null, noProxy: null, source: 'none' };

  async function build(): Promise<Dispatcher> {
    const system = settings.proxyUrl ? null : ((await environment.systemProxy?.().catch(() => null)) ?? null);
    const resolved = resolveProxy({ configured: settings.proxyUrl, env: environment.env, system });
    const noProxy = settings.noProxy ?? resolved.noProxy;
    const extra = settings.extraCaFile ? [await readCaFile(settings.extraCaFile, read)] : [];
    choice = { ...resolved, noProxy: resolved.proxyUrl ? noProxy : null };
    return createHttpDispatcher({ proxyUrl: choice.proxyUrl, noProxy: choice.noProxy, extraCaPem: [...extra, ...tenantCaPem] });
  }

  const switchable = new SwitchableDispatcher(await build());
  return {
    dispatcher: switchable,
    proxy: () => choice,
    async apply(change) {
      if (change.settings) settings = change.settings;
      if (change.tenantCaPem) tenantCaPem = change.tenantCaPem;
      const next = await build();
      const previous = switchable.inner;
      switchable.inner = next;
      logger.info({ proxy: choice.proxyUrl ? new URL(choice.proxyUrl).host : null, source: choice.source }, 'network path for Microsoft calls updated');
      // In-flight requests finish on the old dispatcher; new ones already use the new one.
      void previous.close().catch(() => undefined);
    },
    close: () => switchable.close(),
  };
}
