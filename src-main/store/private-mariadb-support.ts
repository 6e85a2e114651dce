/** File and process chores of the private MariaDB launcher (private-mariadb.ts). */
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { z } from 'zod';
import { AppError } from '../../src-shared/errors.js';
import { processExists } from './lease-holder.js';

export type ServerFiles = { dataDir: string; socket: string; pidFile: string; errorLog: string; stateFile: string };

const stateSchema = z.object({ pid: z.number().int(), port: z.number().int() });

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it when binding port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function canConnect(port: number): Promise<boolean> {
  try {
    const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 2_000 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

/** mariadb-install-db has run when the `mysql` system schema holds tables. */
export async function hasSystemTables(dataDir: string): Promise<boolean> {
  try {
    return (await readdir(`${dataDir}/mysql`)).some((name) => name.endsWith('.frm'));
  } catch {
    return false;
  }
}

export async function installSystemTables(installDb: string, dataDir: string, errorLog: string): Promise<void> {
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    '--skip-name-resolve',
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
  ];
  try {
    await promisify(execFile)(installDb, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const output = [(error as { stdout?: string }).stdout, (error as { stderr?: string }).stderr].filter(Boolean).join('\n');
    await writeFile(errorLog, output).catch(() => undefined);
    throw new AppError('database-unavailable', `mariadb-install-db failed for ${dataDir}:\n${lastLines(output, 20)}`, { cause: error });
  }
}

/**
 * A server of ours is running on this data dir when its pid file names a live mariadbd whose
 * command line has this --datadir. The port comes from the state file written at start.
 */
export async function findRunningServer(files: ServerFiles): Promise<{ pid: number; port: number | null } | null> {
  const pid = Number((await readFile(files.pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0 || !processExists(pid)) return null;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  if (commandLine !== null && !commandLine.split('\0').includes(`--datadir=${files.dataDir}`)) return null;
  const state = stateSchema.safeParse(parseJson(await readFile(files.stateFile, 'utf8').catch(() => '')));
  return { pid, port: state.success && state.data.pid === pid ? state.data.port : null };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}


export async function writeStateFile(files: ServerFiles, state: z.infer<typeof stateSchema>): Promise<void> {
  await writeFile(files.stateFile, JSON.stringify(state));
}

export async function removeStateFile(files: ServerFiles): Promise<void> {
  await rm(files.stateFile, { force: true });
}

export async function errorLogTail(errorLog: string, lines = 30): Promise<string> {
  return lastLines(await readFile(errorLog, 'utf8').catch(() => '(no error log written)'), lines);
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
