/**
 * Who is acting, for the audit log: the real source (the desktop app, the web console, the CLI or
 * a worker) and the real actor (the administrator signed in through "Sign in as administrator"
 * where there is one, else the operating-system user running the process). The transports know
 * the source of a call - the HTTP console server, Electron's IPC, a worker loop - and run it inside
 * `runAsCaller`; everything the call does, awaited or scheduled, then reads it with `currentSource`
 * (AsyncLocalStorage), so no handler has to be told who called it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { userInfo } from 'node:os';
import type { AuditSource } from '../audit/audit-entry.js';

export type CallerSource = Extract<AuditSource, 'desktop' | 'web-console' | 'cli' | 'worker'>;

const callers = new AsyncLocalStorage<CallerSource>();

/** Runs `work` (and everything it starts) as a call from `source`. */
export function runAsCaller<T>(source: CallerSource, work: () => T): T {
  return callers.run(source, work);
}

export function currentSource(): CallerSource | undefined {
  return callers.getStore();
}

/** The operating-system user running this process ('unknown' without a passwd entry, as in some containers). */
export function osUserName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The source of work the shell starts by itself (a schedule), when no caller is on the stack. */
export function shellSource(shell: 'electron' | 'headless' | 'cli'): CallerSource {
  return shell === 'electron' ? 'desktop' : shell === 'headless' ? 'web-console' : 'cli';
}

export type Who = { actor: string; source: CallerSource };

export interface ActorResolver {
  /** The actor and source of the call in progress. */
  who(): Who;
  /** The administrator signed in through the console (null: signed out); later actions are theirs. */
  setSignedIn(username: string | null): void;
  signedIn(): string | null;
}

export function createActorResolver(shell: 'electron' | 'headless' | 'cli', osUser: () => string = osUserName): ActorResolver {
  let admin: string | null = null;
  const fallback = shellSource(shell);
  return {
    who: () => ({ actor: admin ?? osUser(), source: currentSource() ?? fallback }),
    setSignedIn(username) {
      admin = username;
    },
    signedIn: () => admin,
  };
}
