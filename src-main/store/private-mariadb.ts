/**
 * A MariaDB server of our own, for tests (a temp data dir, thrown away) and for the CLI when no
 * MARIADB_URL is given (a persistent data dir reused across runs). It listens on 127.0.0.1 only,
 * on a free port, with its socket, pid file and error log inside the data dir, and reads no
 * system my.cnf (--no-defaults), so it never collides with a system MariaDB. A server of ours
 * still running on the same data dir (pid file) is reused rather than started twice, since
 * InnoDB would refuse a second server on the same files only after a long lock wait.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError } from '../../src-shared/errors.js';
import { findMariaDbBinaries } from './mariadb-binaries.js';
import {
  canConnect,
  errorLogTail,
  findRunningServer,
  freePort,
  hasSystemTables,
  installSystemTables,
  removeStateFile,
  writeStateFile,
  type ServerFiles,
} from './private-mariadb-support.js';

/** Structurally compatible with the app's pino-based Logger. */
export interface StoreLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export type PrivateMariaDbOptions = {
  dataDir: string;
  /** Fixed port; default: a free 127.0.0.1 port chosen by binding port 0. */
  port?: number;
  logger?: StoreLogger;
  /** PATH-style list of folders holding mariadbd; default: process PATH, then the usual system folders. */
  searchPath?: string;
  /** Replaces the usual system folders searched after searchPath. */
  fallbackDirs?: string[];
  /** How long to wait for the server to accept connections; default 60 s. */
  startTimeoutMs?: number;
  /** Extra mariadbd options, e.g. relaxed flushing for throw-away test servers. */
  extraArgs?: string[];
};

export type PrivateMariaDb = {
  /** mysql://root@127.0.0.1:PORT/ (no database). */
  url: string;
  pid: number;
  /** True when an already running server of ours on this data dir was reused; stop() then leaves it running. */
  reused: boolean;
  stop(): Promise<void>;
};

const STOP_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 100;
const PORT_ATTEMPTS = 3;

export async function startPrivateMariaDb(options: PrivateMariaDbOptions): Promise<PrivateMariaDb> {
  const dataDir = path.resolve(options.dataDir);
  const files = serverFiles(dataDir);
  const logger = options.logger;

  const running = await findRunningServer(files);
  if (running) {
    if (running.port !== null && (await canConnect(running.port))) {
      logger?.info({ dataDir, pid: running.pid, port: running.port }, 'reusing the private MariaDB already running on this data dir');
      return { url: urlFor(running.port), pid: running.pid, reused: true, stop: async () => undefined };
    }
    throw new AppError(
      'database-unavailable',
      `A MariaDB server (pid ${running.pid}) is already running on ${dataDir} but does not accept connections; stop it and retry.`,
      { retryable: true },
    );
  }

  const binaries = await findMariaDbBinaries(options.searchPath ?? process.env['PATH'] ?? '', options.fallbackDirs);
  await mkdir(dataDir, { recursive: true });
  if (!(await hasSystemTables(dataDir))) {
    logger?.info({ dataDir }, 'initialising the private MariaDB data dir');
    await installSystemTables(binaries.installDb, dataDir, files.errorLog);
  }

  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freePort());
    const started = await launch(binaries.mariadbd, files, port, options);
    if (started.ok) {
      await writeStateFile(files, { pid: started.child.pid ?? 0, port });
      logger?.info({ dataDir, pid: started.child.pid, port }, 'private MariaDB started');
      return {
        url: urlFor(port),
        pid: started.child.pid ?? 0,
        reused: false,
        stop: () => stop(started.child, started.exited, files),
      };
    }
    const log = await errorLogTail(files.errorLog);
    const portTaken = /address already in use|bind on tcp\/ip port/i.test(log);
    if (!portTaken || options.port !== undefined || attempt >= PORT_ATTEMPTS) {
      throw new AppError('database-unavailable', `The private MariaDB did not start (${started.reason}). Its error log ends:\n${log}`);
    }
    logger?.warn({ port }, 'port taken before MariaDB bound it; retrying with another');
  }
}

type Exit = { code: number | null; signal: NodeJS.Signals | null };
type Launch = { ok: true; child: ChildProcess; exited: Promise<Exit> } | { ok: false; reason: string };

async function launch(mariadbd: string, files: ServerFiles, port: number, options: PrivateMariaDbOptions): Promise<Launch> {
  const args = [
    '--no-defaults',
    `--datadir=${files.dataDir}`,
    `--socket=${files.socket}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    '--skip-networking=0',
    `--pid-file=${files.pidFile}`,
    `--log-error=${files.errorLog}`,
    '--skip-name-resolve',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(mariadbd, args, { stdio: 'ignore' });
  child.unref();
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const spawnFailed = new Promise<string>((resolve) => child.once('error', (error) => resolve(error.message)));
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);

  while (Date.now() < deadline) {
    const outcome = await Promise.race([
      exited.then((exit) => `mariadbd exited early (code ${exit.code ?? exit.signal})`),
      spawnFailed.then((message) => `mariadbd could not be spawned: ${message}`),
      delay(POLL_INTERVAL_MS).then(() => null),
    ]);
    if (outcome !== null) return { ok: false, reason: outcome };
    if (await canConnect(port)) return { ok: true, child, exited };
  }
  child.kill('SIGKILL');
  await exited;
  return { ok: false, reason: `no connection within ${options.startTimeoutMs ?? 60_000} ms` };
}

async function stop(child: ChildProcess, exited: Promise<Exit>, files: ServerFiles): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = new AbortController();
    const outcome = await Promise.race([
      exited,
      delay(STOP_TIMEOUT_MS, null, { signal: timer.signal }).catch(() => undefined),
    ]).finally(() => timer.abort());
    if (outcome === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  await removeStateFile(files);
}

function serverFiles(dataDir: string): ServerFiles {
  const socket = path.join(dataDir, 'mariadbd.sock');
  return {
    dataDir,
    // Unix socket paths are limited to ~107 bytes; a deep data dir gets one in the temp folder.
    socket:
      Buffer.byteLength(socket) < 100
        ? socket
        : path.join(tmpdir(), `correspondent-mariadb-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}.sock`),
    pidFile: path.join(dataDir, 'mariadbd.pid'),
    errorLog: path.join(dataDir, 'mariadbd.err'),
    stateFile: path.join(dataDir, 'correspondent-server.json'),
  };
}

function urlFor(port: number): string {
  return `mysql://root@127.0.0.1:${port}/`;
}
