import { mkdir } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { catalogIndexPath, loadCatalog } from '../catalog/load-catalog.js';
import { AREAS } from '../catalog/types.js';
import { ConfigError, UsageError } from '../errors.js';
import { ConsoleReporter } from '../report/console-reporter.js';
import { FilesReporter } from '../report/files-reporter.js';
import { JsonStreamReporter } from '../report/json-stream-reporter.js';
import type { RunReport, SelectionInfo } from '../report/model.js';
import { linkLatest, newRunId, outputDirFor } from '../report/output-dir.js';
import { ReporterMultiplexer, type Reporter } from '../report/reporter.js';
import { parseSelection, planRun, type Plan } from '../runner/plan.js';
import { runConformance } from '../runner/run.js';
import { RUNNER_TIMEOUTS, scaled } from '../runner/runner-timeouts.js';
import { probeTarget } from '../runner/target.js';
import type { CliIO } from './cli-io.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { resolveImages } from './image-table.js';
import { loadKubeconfig } from './kubeconfig.js';
import { oneOf, parseDuration, parsePositiveInt, parsePositiveNumber } from './parse-flags.js';
import { startReferenceForRun, type StartedReference } from './reference-bridge.js';
import { KCERT_VERSION } from './version.js';

interface RunFlags {
  kubeconfig?: string;
  context?: string;
  reference?: boolean;
  fault: string[];
  store: string;
  suite?: string;
  focus?: string;
  skip?: string;
  profile: string;
  dryRun?: boolean;
  parallel: string;
  timeout: string;
  timeoutScale: string;
  outputDir?: string;
  quiet?: boolean;
  json?: boolean;
  keepNamespaces?: boolean;
  imageRepository?: string;
  imagesFile?: string;
}

export const DEFAULT_PARALLEL = 4;

export function runCommand(io: CliIO, setExit: (code: ExitCode) => void): Command {
  return new Command('run')
    .description('run the conformance suites against a cluster (or the bundled reference implementation) and write reports')
    .option('--kubeconfig <file>', 'kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use (default: its current-context)')
    .option('--reference', 'start the bundled reference implementation on free ports for this run, and stop it afterwards')
    .option('--fault <name>', 'with --reference: switch on a named fault (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .addOption(new Option('--store <kind>', 'with --reference: storage backend').choices(['memory', 'sqlite']).default('memory'))
    .option('--suite <list>', `comma-separated suites to run (${AREAS.join(',')}; default: all)`)
    .option('--focus <regex>', 'run only tests whose id, description or upstream codename matches')
    .option('--skip <regex>', 'do not run tests whose id, description or upstream codename matches')
    .option('--profile <profile>', 'core, or extended (core plus extended tests)', 'core')
    .option('--dry-run', 'print what would run and exit; touches no cluster')
    .option('--parallel <n>', 'tests run at the same time, each in its own namespace', String(DEFAULT_PARALLEL))
    .option('--timeout <duration>', 'global timeout of the run, e.g. 90m or 2h (then exit 3)', `${RUNNER_TIMEOUTS.run / 60_000}m`)
    .option('--timeout-scale <factor>', 'multiply every named timeout, for slow clusters', '1')
    .option('--output-dir <dir>', 'where reports go (default: reports/<run-id>, with reports/latest pointing at it)')
    .option('--quiet', 'print only the final summary')
    .option('--json', 'print run events as JSON lines on stdout instead of progress')
    .option('--keep-namespaces', 'keep each test namespace after the test, for debugging')
    .option('--image-repository <repo>', 'pull every test image from this registry path instead (air-gapped clusters)')
    .option('--images-file <file>', 'YAML/JSON file mapping image names (see kcert images) to references')
    .action(async (flags: RunFlags) => setExit(await run(flags, io)));
}

async function run(flags: RunFlags, io: CliIO): Promise<ExitCode> {
  // Everything a user can get wrong is checked before anything is started.
  const selection = parseSelection(flags);
  const parallel = parsePositiveInt('--parallel', flags.parallel, 64);
  const timeoutScale = parsePositiveNumber('--timeout-scale', flags.timeoutScale);
  const globalTimeoutMs = parseDuration('--timeout', flags.timeout);
  const store = oneOf('--store', flags.store, ['memory', 'sqlite'] as const);
  const images = resolveImages(flags);
  if (flags.fault.length > 0 && !flags.reference) throw new UsageError('--fault only applies to the bundled reference implementation; add --reference');
  if (flags.reference && (flags.kubeconfig || flags.context)) {
    throw new UsageError('--reference starts its own cluster; drop --kubeconfig/--context, or drop --reference to use them');
  }
  const plan = planRun(await loadCatalog(catalogIndexPath(io.env)), selection);
  if (plan.selected.length === 0) {
    throw new UsageError('no test matches the selection; check --suite, --profile, --focus and --skip (kcert list shows the catalog)');
  }
  if (flags.dryRun) {
    io.stdout.write(dryRunText(plan));
    return EXIT.passed;
  }

  let reference: StartedReference | undefined;
  const interrupt = new AbortController();
  const hard = new AbortController();
  const removeSignals = io.onSignal((signal) => {
    if (!interrupt.signal.aborted) {
      io.stderr.write(`\nkcert: ${signal}: stopping; cleaning up this run's namespaces (press Ctrl-C again to skip cleanup)\n`);
      interrupt.abort();
    } else {
      hard.abort();
    }
  });
  try {
    if (flags.reference) {
      if (!flags.quiet && !flags.json) io.stderr.write('kcert: starting the bundled reference implementation…\n');
      reference = await startReferenceForRun({ faults: flags.fault, store });
    }
    const kubeConfig = loadKubeconfig(reference ? { kubeconfig: reference.kubeconfigPath } : { kubeconfig: flags.kubeconfig, context: flags.context, env: io.env, home: io.env.HOME });
    const target = await probeTarget(kubeConfig, scaled('preflight', timeoutScale), interrupt.signal);
    const runId = newRunId();
    const outputDir = outputDirFor(runId, flags.outputDir, io.cwd);
    await mkdir(outputDir, { recursive: true }).catch((error: unknown) => {
      throw new ConfigError(`cannot write reports to ${outputDir} (${(error as Error).message}); pass a writable --output-dir`);
    });
    const selectionInfo: SelectionInfo = {
      profile: selection.profile,
      suites: selection.suites.length > 0 ? selection.suites : [...AREAS],
      ...(flags.focus ? { focus: flags.focus } : {}),
      ...(flags.skip ? { skip: flags.skip } : {}),
      parallel,
      timeoutScale,
    };
    const reporters: Reporter[] = [new FilesReporter(outputDir, KCERT_VERSION)];
    if (flags.json) reporters.push(new JsonStreamReporter(io.stdout));
    else reporters.push(new ConsoleReporter({ out: io.stdout, quiet: Boolean(flags.quiet), outputDir }));
    const reporter = new ReporterMultiplexer(reporters, (message) => io.stderr.write(`kcert: ${message}\n`));
    let report: RunReport;
    try {
      report = await runConformance({
        kubeConfig,
        target,
        runId,
        kcertVersion: KCERT_VERSION,
        tests: plan.selected,
        selection: selectionInfo,
        globalTimeoutMs,
        keepNamespaces: Boolean(flags.keepNamespaces),
        images,
        reporter,
        outputDir,
        interrupt: interrupt.signal,
        hardStop: hard.signal,
      });
    } finally {
      await reporter.close();
    }
    if (!flags.outputDir || outputDir.startsWith(`${io.cwd}/reports/`)) await linkLatest(outputDir).catch(() => undefined);
    return exitCodeOf(report);
  } catch (error) {
    // Ctrl-C while the reference implementation starts or the endpoint is probed: incomplete, not misconfigured.
    if (interrupt.signal.aborted) {
      io.stderr.write('kcert: interrupted before any test ran\n');
      return EXIT.incomplete;
    }
    throw error;
  } finally {
    removeSignals();
    await reference?.stop().catch((error: unknown) => io.stderr.write(`kcert: stopping the reference implementation failed: ${(error as Error).message}\n`));
  }
}

/** 3 incomplete beats 1 failed beats 0: an interrupted run never looks like a verdict. */
export function exitCodeOf(report: RunReport): ExitCode {
  if (report.status !== 'completed') return EXIT.incomplete;
  if (report.totals.failed > 0 || report.totals.error > 0) return EXIT.failed;
  return EXIT.passed;
}

function dryRunText(plan: Plan): string {
  const lines = [`Would run ${plan.selected.length} tests (dry run: nothing was touched):`];
  for (const test of plan.selected) lines.push(`  ${test.area}/${test.id} [${test.profile}]`);
  if (plan.excluded.length > 0) {
    lines.push(`Not selected (${plan.excluded.length}):`);
    for (const excluded of plan.excluded) lines.push(`  ${excluded.id}: ${excluded.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
