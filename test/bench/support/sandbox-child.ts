/**
 * Not a test: the sandbox tenant in a process of its own, for the sync benchmarks. Real Graph does
 * not spend our CPU, so the simulated one must not either: in the app's process it would take
 * half of a 2-core machine from the sync being measured. Started by sandbox-client.ts with the
 * options as JSON in argv; answers requests over the IPC channel (sandbox-protocol.ts).
 */
import { readFileSync } from 'node:fs';
import { sandboxCredentialsOf } from '../../../src-main/app/tenant-runtime.js';
import { startSandbox, type SandboxOptions } from '@correspondent/m365-sandbox';
import { buildBenchDirectory } from '@correspondent/m365-sandbox/bench-directory.js';
import { generateTeamMail } from '@correspondent/m365-sandbox/bench-mail.js';
import type { ChildRequest, ReplyBody, SandboxInfo } from './sandbox-protocol.js';
import { chainsOf } from './request-chains.js';
import { mailboxWorkload, type HeldMessage } from './bench-workload.js';

const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions & { benchSeed?: number; now?: string };
const now = options.now ? new Date(options.now) : new Date();
const sandbox = await startSandbox({ ...options, clock: () => new Date() });

function vmHwmMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

function cpuSeconds(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
}

/** Mail delivered by deliverNewMail, per mailbox (lower case): the ground truth does not hold it. */
const delivered = new Map<string, HeldMessage[]>();

/** Delivers `perMailbox` new messages (the bench generator's mix, another seed) to every mailbox. */
function deliverNewMail(perMailbox: number): number {
  const mailboxes = options.bench?.mailboxes ?? 5000;
  const dir = buildBenchDirectory({ seed: options.seed ?? 1, now, mailboxes });
  let total = 0;
  for (let team = 0; team < dir.teams; team++) {
    const mail = generateTeamMail(dir, { seed: (options.seed ?? 1) + 1000, now, perMailbox }, team);
    const perBox = new Map<string, number>();
    for (const seeded of mail.messages) {
      const count = perBox.get(seeded.mailbox) ?? 0;
      if (count >= perMailbox) continue;
      perBox.set(seeded.mailbox, count + 1);
      const { id: _id, ...message } = JSON.parse(JSON.stringify(seeded.message)) as Record<string, unknown>;
      const folder = seeded.folder === 'Customers' ? 'inbox' : seeded.folder;
      const receivedDateTime = new Date().toISOString();
      sandbox.addMessage(seeded.mailbox, folder, { ...message, receivedDateTime });
      const held = delivered.get(seeded.mailbox.toLowerCase()) ?? [];
      held.push({ folder, receivedDateTime });
      delivered.set(seeded.mailbox.toLowerCase(), held);
      total += 1;
    }
  }
  return total;
}

const info: SandboxInfo = {
  ...sandboxCredentialsOf(sandbox),
  orgDomains: sandbox.orgDomains,
  crm: sandbox.crm,
  users: sandbox.users.map((u) => ({ address: u.address, graphId: u.graphId })),
  blockedDomains: sandbox.suggestedSettings.blockedDomains,
};

let chainsSince = 0;

/** Bytes sent and requests served (batch members counted one by one) for Graph since `since`. */
function graphTotals(since: number): { graphBytes: number; graphRequests: number } {
  let graphBytes = 0;
  let graphRequests = 0;
  const log = sandbox.requestLog();
  for (let i = since; i < log.length; i++) {
    const entry = log[i]!;
    if (!/^\/(v1\.0|beta)\//i.test(entry.path)) continue;
    graphBytes += entry.bytes;
    graphRequests += entry.members ? entry.members.length : 1;
  }
  return { graphBytes, graphRequests };
}

process.on('message', (raw) => {
  const request = raw as ChildRequest;
  const reply = (body: ReplyBody) => process.send?.({ id: request.id, ...body });
  try {
    switch (request.kind) {
      case 'latency':
        sandbox.faults.setLatency(request.ms);
        return reply({ ok: true, value: null });
      case 'reset':
        sandbox.resetTrafficStats();
        // The request chains (the ideal time's input) start here too, not at the sandbox's start.
        chainsSince = sandbox.requestLog().length;
        return reply({ ok: true, value: null });
      case 'traffic': {
        const stats = sandbox.trafficStats();
        return reply({ ok: true, value: { requests: stats.requests, throttled: stats.throttled, chains: chainsOf(sandbox.requestLog(), request.since ?? chainsSince), peakRssMb: vmHwmMb(), cpuSeconds: cpuSeconds(), ...graphTotals(request.since ?? chainsSince) } });
      }
      case 'deliver':
        return reply({ ok: true, value: deliverNewMail(request.perMailbox) });
      case 'workload':
        return reply({ ok: true, value: request.mailboxes.map((m) => mailboxWorkload([...sandbox.groundTruthFor(m.address), ...(delivered.get(m.address.toLowerCase()) ?? [])], new Date(m.since))) });
      case 'stop':
        void sandbox.stop().then(() => {
          reply({ ok: true, value: null });
          process.disconnect();
        });
        return;
    }
  } catch (error) {
    reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
process.send?.({ id: 0, ok: true, value: info });
