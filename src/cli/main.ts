import { Command, CommanderError } from 'commander';
import { cleanupCommand } from './cleanup-command.js';
import { processIO, type CliIO } from './cli-io.js';
import { EXIT, exitCodeForError, type ExitCode } from './exit-codes.js';
import { imagesCommand } from './images-command.js';
import { listCommand } from './list-command.js';
import { runCommand } from './run-command.js';
import { KCERT_VERSION } from './version.js';

/**
 * The `reference` command group loads the whole reference implementation, which costs most of a second:
 * only when it is the command being run. Otherwise a stand-in keeps it in `kcert --help`.
 */
async function referenceCommandFor(argv: string[]): Promise<Command> {
  if (argv[2] === 'reference') return (await import('./reference.js')).referenceCommand();
  return new Command('reference').description('the bundled reference implementation of the Kubernetes API (see kcert reference --help)');
}

/**
 * argv → exit code (bin/kcert.js uses the return value as the process exit code). Every error that
 * escapes a command ends here as one `kcert: …` sentence on stderr and the exit code of its kind.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: ExitCode = EXIT.passed;
  const setExit = (code: ExitCode) => {
    exitCode = code;
  };
  const program = new Command('kcert')
    .description('Kubernetes conformance test suites and certification runner')
    .version(KCERT_VERSION)
    .showHelpAfterError('(run with --help for usage)');
  const commands = [runCommand(io, setExit), listCommand(io, setExit), imagesCommand(io, setExit), cleanupCommand(io, setExit)];
  for (const command of [program, ...commands]) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  }
  for (const command of commands) program.addCommand(command);
  program.addCommand(await referenceCommandFor(argv));
  try {
    await program.parseAsync(argv);
    // `kcert reference serve` reports its exit code through process.exitCode.
    return exitCode !== EXIT.passed ? exitCode : Number(process.exitCode ?? EXIT.passed);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (unknown option, missing argument, help, version).
      return error.exitCode === 0 ? EXIT.passed : EXIT.usage;
    }
    io.stderr.write(`kcert: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodeForError(error);
  }
}
