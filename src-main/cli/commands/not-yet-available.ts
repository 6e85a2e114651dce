/**
 * Commands of the CLI contract whose capability has not landed yet. They exist so that scripts
 * get a clear answer ("not yet available", exit 1) instead of "unknown command".
 */
import type { Command } from 'commander';
import { AppError } from '../../../src-shared/errors.js';
import type { CliContext } from '../cli-context.js';

const notYet = (what: string) => () => {
  throw new AppError('not-available', `${what} is not yet available in this version.`);
};

export function registerNotYetAvailable(program: Command, _context: CliContext): void {
  program.command('console').description('the headless console for the configured tenant').option('--port <n>').action(notYet('console'));
  program.command('sync').description('sync as configured').option('--once').option('--mailbox <addr...>').action(notYet('sync'));
  program.command('worker').description('a long-running sync worker sharing MariaDB with others').action(notYet('worker'));
  program.command('status').description('consent, connections, per-mailbox sync state').option('--json').action(notYet('status'));
}
