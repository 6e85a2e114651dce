/**
 * What the Electron shell needs from the app core (src-main/app's createApp): the Api handlers,
 * the event stream and a shutdown. A local interface so the shell compiles and is tested on its own.
 */
import type { ApiHandlers } from '../../src-shared/api.js';
import type { ApiEventSource } from '../server/event-stream.js';

export interface ShellAppCore {
  handlers: ApiHandlers;
  events: ApiEventSource;
  close(): Promise<void>;
}

export type ShellCoreConfig = { dataDir: string; shell: 'electron' };

export type CreateShellCore = (config: ShellCoreConfig) => Promise<ShellAppCore>;
