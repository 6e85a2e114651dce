/**
 * The child side of fleet-workers.ts: reads its config from argv, prepares (`setup`), says it is
 * ready, waits for "go", runs `work` and reports what it measured with its own process CPU
 * (user + system, from "go" to the end of its work), then exits.
 */
export type WorkerTiming = { seconds: number; cpuSeconds: number };

export function workerConfig<C>(): C {
  return JSON.parse(process.argv[2] ?? '{}') as C;
}

export async function runAsWorker<P, R>(setup: () => Promise<P>, work: (prepared: P) => Promise<R>, close: (prepared: P) => Promise<void>): Promise<void> {
  try {
    const prepared = await setup();
    await new Promise<void>((resolve) => {
      process.once('message', () => resolve());
      process.send?.({ ready: true });
    });
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const result = await work(prepared);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    await close(prepared);
    process.send?.({ done: { ...result, seconds, cpuSeconds: (used.user + used.system) / 1e6 } });
  } catch (error) {
    process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  process.disconnect();
}
