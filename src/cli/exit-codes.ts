import { KcertError } from '../errors.js';

/**
 * The exit-code policy, the contract CI jobs rely on:
 * 0 every selected test passed (skipped and not-supported tests do not fail a run),
 * 1 some test failed or could not check, 2 usage or configuration error, 3 run incomplete.
 */
export const EXIT = {
  passed: 0,
  failed: 1,
  usage: 2,
  incomplete: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Maps an error that escaped a command to its exit code. Unknown errors are kcert bugs: reported as 2. */
export function exitCodeForError(error: unknown): ExitCode {
  if (error instanceof KcertError) {
    if (error.code === 'INTERRUPTED' || error.code === 'TIMEOUT') return EXIT.incomplete;
    if (error.code === 'CONFORMANCE_FAILURE' || error.code === 'CHECK_ERROR') return EXIT.failed;
  }
  return EXIT.usage;
}
