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
  const audit = program.command('audit').description('the audit log');
  audit.command('export').option('--format <fmt>').option('--from <iso>').option('--to <iso>').option('--out <file>').action(notYet('audit export'));
  audit.command('verify [file]').action(notYet('audit verify'));
}
