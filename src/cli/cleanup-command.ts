import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { NamespaceClient, RUN_ID_LABEL } from '../runner/namespaces.js';
import { RUNNER_TIMEOUTS } from '../runner/runner-timeouts.js';
import { probeTarget } from '../runner/target.js';
import type { CliIO } from './cli-io.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { loadKubeconfig } from './kubeconfig.js';

/** `kcert cleanup`: deletes namespaces left by earlier runs, found by the run-id label, never by name. */
export function cleanupCommand(io: CliIO, setExit: (code: ExitCode) => void): Command {
  return new Command('cleanup')
    .description('delete namespaces left behind by earlier kcert runs (found by the kcert.io/run-id label)')
    .option('--kubeconfig <file>', 'kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('--run-id <id>', 'only the namespaces of this run (default: of every kcert run, also one still going on)')
    .option('--dry-run', 'list what would be deleted')
    .action(async (flags: { kubeconfig?: string; context?: string; runId?: string; dryRun?: boolean }) => {
      if (flags.runId !== undefined && !/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(flags.runId)) {
        throw new UsageError(`--run-id "${flags.runId}" is not a run id such as 20261127-112433-3f9a`);
      }
      const kubeConfig = loadKubeconfig({ kubeconfig: flags.kubeconfig, context: flags.context, env: io.env, home: io.env.HOME });
      const signal = new AbortController().signal;
      await probeTarget(kubeConfig, RUNNER_TIMEOUTS.preflight, signal);
      const namespaces = new NamespaceClient(kubeConfig, { apiBudgetMs: RUNNER_TIMEOUTS.apiCall, signal });
      const selector = flags.runId ? `${RUN_ID_LABEL}=${flags.runId}` : RUN_ID_LABEL;
      const names = await namespaces.listByLabel(selector);
      if (names.length === 0) {
        io.stdout.write('nothing to clean up: no kcert namespaces found\n');
        setExit(EXIT.passed);
        return;
      }
      if (flags.dryRun) {
        io.stdout.write(`would delete ${names.length} namespaces:\n${names.map((name) => `  ${name}\n`).join('')}`);
        setExit(EXIT.passed);
        return;
      }
      const results = await Promise.all(names.map(async (name) => ({ name, gone: await namespaces.deleteAndWait(name, RUNNER_TIMEOUTS.namespaceDelete) })));
      for (const { name, gone } of results) io.stdout.write(`${gone ? 'deleted' : 'still terminating'} ${name}\n`);
      const stuck = results.filter((result) => !result.gone).length;
      io.stdout.write(`${results.length - stuck} namespaces deleted${stuck > 0 ? `, ${stuck} still terminating` : ''}\n`);
      setExit(stuck > 0 ? EXIT.failed : EXIT.passed);
    });
}
