/**
 * The fair figures both sync parts report for one measured cycle (issue 17, point 4): the
 * efficiency against the Graph-limits ideal of the cycle's workload (ideal-time.ts), that ideal's
 * parts, the app's own CPU per message read and imported, and the old request-log ideal for
 * comparison (request-log-ideal-time.ts). One place, so the two parts' latest.json keys and
 * metrics cannot drift apart.
 */
import type { BenchRow } from '../bench-types.js';
import type { GraphIdealTime } from './ideal-time.js';
import type { RequestLogIdealTime } from './request-log-ideal-time.js';

export type SyncCost = {
  seconds: number;
  ideal: GraphIdealTime;
  allAtOnce: GraphIdealTime;
  logIdeal: RequestLogIdealTime;
  cpuPerMessage: { read: number; imported: number };
};

export function syncCostFigures({ seconds, ideal, allAtOnce, logIdeal, cpuPerMessage }: SyncCost) {
  return {
    efficiency: Number((ideal.seconds / seconds).toFixed(4)),
    idealSeconds: Number(ideal.seconds.toFixed(2)),
    idealGraphRequests: ideal.requests,
    idealWorkloadMessages: ideal.messages,
    idealSecondsAllMailboxesAtOnce: Number(allAtOnce.seconds.toFixed(2)),
    appCpuUsPerMessage: cpuPerMessage,
    requestLogIdealSeconds: Number(logIdeal.seconds.toFixed(1)),
    requestLogEfficiency: Number((logIdeal.seconds / seconds).toFixed(3)),
  };
}

/** The same as bench rows; `efficiencyTarget` where the part has one. */
export function syncCostRows({ seconds, ideal, logIdeal, cpuPerMessage }: SyncCost, efficiencyTarget?: BenchRow['target']): BenchRow[] {
  return [
    { metric: 'efficiency', value: ideal.seconds / seconds, unit: 'Graph-limits ideal/measured', ...(efficiencyTarget ? { target: efficiencyTarget } : {}) },
    { metric: 'idealSeconds', value: ideal.seconds, unit: 's (Graph limits)' },
    { metric: 'requestLogEfficiency', value: logIdeal.seconds / seconds, unit: 'request-log ideal/measured' },
    { metric: 'appCpuUsPerMessageRead', value: cpuPerMessage.read, unit: 'us' },
    { metric: 'appCpuUsPerMessageImported', value: cpuPerMessage.imported, unit: 'us' },
  ];
}
