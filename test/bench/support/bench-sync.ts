/**
 * What the two sync parts share: the bench-scale sandbox in a process of its own with the real app
 * against it, and one measured "sync now" - wall time, the app's and the sandbox's CPU, the
 * traffic and the request chains of that cycle alone, and the mailboxes that failed; then the
 * cycle's fair figures: the Graph-limits ideal of its workload (ideal-time.ts) and the app's CPU
 * per message read and imported.
 */
import type { SandboxOptions } from '@correspondent/m365-sandbox';
import type { CycleSummary } from '../../../src-shared/domain.js';
import { startAppHarness, type AppHarness } from './app-harness.js';
import { startSandboxProcess, type SandboxProcess } from './sandbox-client.js';
import type { Traffic } from './sandbox-protocol.js';
import { graphIdealTime, type GraphIdealTime } from './ideal-time.js';

export type BenchSync = { sandbox: SandboxProcess; harness: AppHarness; close(): Promise<void> };

export async function startBenchSync(sandboxOptions: SandboxOptions, harnessOptions: Parameters<typeof startAppHarness>[1]): Promise<BenchSync> {
  const sandbox = await startSandboxProcess(sandboxOptions);
  const harness = await startAppHarness(sandbox.info, harnessOptions).catch(async (error: unknown) => {
    await sandbox.stop();
    throw error;
  });
  return {
    sandbox,
    harness,
    async close() {
      await harness.close();
      await sandbox.stop();
    },
  };
}

export type MeasuredCycle = {
  summary: CycleSummary;
  seconds: number;
  appCpuSeconds: number;
  sandboxCpuSeconds: number;
  /** Counters and request chains since the measurement started. */
  traffic: Traffic;
  /** Mailboxes left in error or without a mailbox, with their last error. */
  failures: { state: string; lastError: string | null }[];
};

/** Resets the sandbox's traffic, switches its latency on, and measures one "sync now". */
export async function measureSyncNow(bench: BenchSync, latencyMs: number): Promise<MeasuredCycle> {
  await bench.sandbox.resetTraffic();
  await bench.sandbox.setLatency(latencyMs);
  const sandboxCpu = (await bench.sandbox.traffic()).cpuSeconds;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const summary = await bench.harness.app.syncNow();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const traffic = await bench.sandbox.traffic();
  const failures = (await bench.harness.database.store.listMailboxes()).filter((m) => m.state === 'error' || m.state === 'no-mailbox');
  return { summary, seconds, appCpuSeconds: (used.user + used.system) / 1e6, sandboxCpuSeconds: traffic.cpuSeconds - sandboxCpu, traffic, failures };
}

/**
 * The Graph-limits ideal of the cycle's workload: per opted-in mailbox, the messages per folder
 * received since `since(address)` (bench-workload.ts), `mailboxesInFlight` at once; and the same
 * with every mailbox at once (Graph documents no limit on mailboxes per app).
 */
export async function graphIdealOf(bench: BenchSync, scenario: { latencyMs: number; mailboxesInFlight: number; since: (address: string) => Date }): Promise<{ ideal: GraphIdealTime; allAtOnce: GraphIdealTime }> {
  const mailboxes = (await bench.harness.database.store.listMailboxes()).filter((m) => m.optedIn);
  const workload = await bench.sandbox.workload(mailboxes.map((m) => ({ address: m.address, since: scenario.since(m.address).toISOString() })));
  return {
    ideal: graphIdealTime(workload, { latencyMs: scenario.latencyMs, mailboxesInFlight: scenario.mailboxesInFlight }),
    allAtOnce: graphIdealTime(workload, { latencyMs: scenario.latencyMs, mailboxesInFlight: workload.length }),
  };
}

/** The app process's CPU microseconds per message read and per message imported (the simulator's CPU is not in it). */
export function appCpuUsPerMessage(cycle: Pick<MeasuredCycle, 'appCpuSeconds' | 'summary'>): { read: number; imported: number } {
  const us = cycle.appCpuSeconds * 1e6;
  return { read: Math.round(us / Math.max(1, cycle.summary.read)), imported: Math.round(us / Math.max(1, cycle.summary.imported)) };
}
