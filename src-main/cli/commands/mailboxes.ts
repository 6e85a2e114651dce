/**
 * `correspondent mailboxes list|opt-in|opt-out [ADDR...|--all|--group NAME] [--json]` (issue 20):
 * a server is set up end to end without a browser - `setup`, the consent link, then this, then
 * `sync`. The tenant's users are read from Graph first (as the console's mailbox page does), and
 * the choice goes through the Api's `mailboxes.setOptIn`, so it is audited exactly like the
 * console's switch (mailbox.optedIn / mailbox.optedOut, one entry per mailbox that changed).
 */
import type { Command } from 'commander';
import type { MailboxStatus } from '../../../src-shared/domain.js';
import { AppError } from '../../../src-shared/errors.js';
import { planOptIn, type MailboxTarget, type OptInPlan } from '../../app/mailbox-selection.js';
import type { CliContext } from '../cli-context.js';
import { loggerOf } from './common-options.js';
import { openOrRefuse, type OpenedSyncApp, type SyncAppOpener } from './sync.js';

type TargetFlags = { all?: boolean; group?: string; json?: boolean };

async function withApp<T>(openApp: SyncAppOpener, command: Command, context: CliContext, work: (opened: OpenedSyncApp) => Promise<T>): Promise<T> {
  const opened = await openOrRefuse(openApp, command, context, loggerOf(context));
  try {
    // The tenant's users, so new mailboxes are known; nobody's choice is changed by reading them.
    await opened.app.discoverMailboxes(() => false);
    return await work(opened);
  } finally {
    await opened.close();
  }
}

async function knownMailboxes(opened: OpenedSyncApp): Promise<MailboxStatus[]> {
  return (await opened.app.handlers['mailboxes.list']({})).items;
}

function targetOf(addresses: string[], flags: TargetFlags): { kind: 'addresses' | 'all' | 'group'; addresses: string[]; group: string | null } {
  const forms = [addresses.length > 0, Boolean(flags.all), flags.group !== undefined].filter(Boolean).length;
  if (forms !== 1) throw new AppError('invalid-input', 'Name the mailboxes one way: addresses, --all, or --group NAME.');
  if (flags.all) return { kind: 'all', addresses: [], group: null };
  if (flags.group !== undefined) return { kind: 'group', addresses: [], group: flags.group };
  return { kind: 'addresses', addresses, group: null };
}

function printList(context: CliContext, items: MailboxStatus[], json: boolean): void {
  if (json) {
    context.io.stdout(`${JSON.stringify({ items })}\n`);
    return;
  }
  context.io.stdout(`${items.length} mailboxes, ${items.filter((m) => m.optedIn).length} opted in\n`);
  for (const m of items) context.io.stdout(`  ${m.optedIn ? '[x]' : '[ ]'} ${m.address}  ${m.state}${m.displayName ? `  ${m.displayName}` : ''}\n`);
}

function printPlan(context: CliContext, plan: OptInPlan, group: { id: string; displayName: string; mail: string | null } | null, json: boolean): void {
  const action = plan.optedIn ? 'opt-in' : 'opt-out';
  if (json) {
    context.io.stdout(`${JSON.stringify({ action, ...(group ? { group } : {}), changed: plan.change, unchanged: plan.unchanged, skipped: plan.skipped })}\n`);
    return;
  }
  const verb = plan.optedIn ? 'Opted in' : 'Opted out';
  context.io.stdout(`${verb} ${plan.change.length} mailbox${plan.change.length === 1 ? '' : 'es'}${group ? ` of group ${group.displayName}` : ''}${plan.change.length > 0 ? `: ${plan.change.join(', ')}` : ''}\n`);
  if (plan.unchanged.length > 0) context.io.stdout(`Already ${plan.optedIn ? 'opted in' : 'opted out'}: ${plan.unchanged.join(', ')}\n`);
  for (const s of plan.skipped) context.io.stderr(`correspondent: skipped ${s.address}: ${s.reason}\n`);
}

function registerOptCommand(parent: Command, context: CliContext, openApp: SyncAppOpener, optedIn: boolean): void {
  parent
    .command(optedIn ? 'opt-in' : 'opt-out')
    .description(optedIn ? 'import these mailboxes\' customer correspondence (audited)' : 'stop importing these mailboxes (audited; stored mail is kept)')
    .argument('[addr...]', 'mailbox addresses')
    .option('--all', 'every mailbox of the tenant')
    .option('--group <name>', "a group's members, nested groups included (display name or mail address; needs GroupMember.Read.All)")
    .option('--json', 'one JSON document: changed, unchanged, skipped')
    .action(async (addresses: string[], flags: TargetFlags, command: Command) => {
      const target = targetOf(addresses, flags);
      await withApp(openApp, command, context, async (opened) => {
        const resolved = target.group === null ? null : await opened.app.groupMembers(target.group);
        const selection: MailboxTarget = target.kind === 'group' ? { kind: 'group', members: resolved?.members ?? [] } : target.kind === 'all' ? { kind: 'all' } : { kind: 'addresses', addresses: target.addresses };
        const plan = planOptIn(await knownMailboxes(opened), selection, optedIn);
        // The Api takes up to 5,000 addresses per call.
        for (let i = 0; i < plan.change.length; i += 5000) await opened.app.handlers['mailboxes.setOptIn']({ addresses: plan.change.slice(i, i + 5000), optedIn });
        printPlan(context, plan, resolved?.group ?? null, Boolean(flags.json));
      });
    });
}

export function registerMailboxes(program: Command, context: CliContext, openApp: SyncAppOpener): void {
  const mailboxes = program.command('mailboxes').description("the tenant's mailboxes and which are imported (opt-in)");
  mailboxes
    .command('list')
    .description("every mailbox of the tenant, its opt-in and sync state")
    .option('--json', 'one JSON document: {"items": [...]}')
    .action(async (flags: { json?: boolean }, command: Command) => {
      await withApp(openApp, command, context, async (opened) => printList(context, await knownMailboxes(opened), Boolean(flags.json)));
    });
  registerOptCommand(mailboxes, context, openApp, true);
  registerOptCommand(mailboxes, context, openApp, false);
}
