import { Command, Option } from 'commander';
import { formatCatalog, LIST_FORMATS, type ListFormat } from '../catalog/list-format.js';
import { catalogIndexPath, loadCatalog } from '../catalog/load-catalog.js';
import { parseSelection, planRun } from '../runner/plan.js';
import type { CliIO } from './cli-io.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export function listCommand(io: CliIO, setExit: (code: ExitCode) => void): Command {
  return new Command('list')
    .description('print the test catalog (no cluster needed)')
    .addOption(new Option('--format <format>', 'output format').choices(LIST_FORMATS).default('table'))
    .option('--suite <list>', 'only these suites')
    .option('--profile <profile>', 'only core, or extended (core plus extended); default: every test')
    .option('--focus <regex>', 'only tests matching')
    .option('--skip <regex>', 'leave out tests matching')
    .action(async (flags: { format: ListFormat; suite?: string; profile?: string; focus?: string; skip?: string }) => {
      const catalog = await loadCatalog(catalogIndexPath(io.env));
      const tests = planRun(catalog, parseSelection({ ...flags, profile: flags.profile ?? 'extended' })).selected;
      io.stdout.write(formatCatalog(tests, flags.format));
      setExit(EXIT.passed);
    });
}
