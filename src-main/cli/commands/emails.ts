/**
 * `correspondent emails list`: the stored emails, as JSON lines with --json (cli.md "Data").
 */
import type { Command } from 'commander';
import type { EmailListItem } from '../../../src-shared/domain.js';
import { openDatabase } from '../../app/database.js';
import type { CliContext } from '../cli-context.js';
import { databaseConfigOf, loggerOf } from './common-options.js';

const PAGE = 500;

export function emailJsonLine(item: EmailListItem): string {
  const { internetMessageId, subject, from, to, cc, sentAt, accountIds, opportunityId, assignedTo, mailboxes } = item;
  return JSON.stringify({ internetMessageId, subject, from, to, cc, sentAt, accountIds, opportunityId, assignedTo, mailboxes });
}

function humanLine(item: EmailListItem): string {
  return `${item.sentAt}  ${item.from}  ${item.subject}  [${item.accountIds.join(', ')}] -> ${item.assignedTo ?? '-'}`;
}

export function registerEmails(program: Command, context: CliContext): void {
  const emails = program.command('emails').description('stored emails');
  emails
    .command('list')
    .description('list stored emails, newest first')
    .option('--json', 'JSON lines, one per email')
    .option('--mailbox <addr>', 'only emails seen in this mailbox')
    .option('--account <id>', 'only emails linked to this CRM account')
    .action(async (flags: { json?: boolean; mailbox?: string; account?: string }, command: Command) => {
      const logger = loggerOf(context);
      const database = await openDatabase(databaseConfigOf(command, context, logger));
      try {
        let count = 0;
        for (let offset = 0; ; offset += PAGE) {
          const page = await database.store.listEmails({
            limit: PAGE,
            offset,
            ...(flags.mailbox ? { mailbox: flags.mailbox.toLowerCase() } : {}),
            ...(flags.account ? { accountId: flags.account } : {}),
          });
          for (const item of page.items) context.io.stdout(`${flags.json ? emailJsonLine(item) : humanLine(item)}\n`);
          count += page.items.length;
          if (page.items.length < PAGE) break;
        }
        if (!flags.json) context.io.stderr(`${count} emails\n`);
      } finally {
        await database.close();
      }
    });
}
