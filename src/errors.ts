/**
 * Typed errors with stable codes. The runner classifies a test's outcome from these:
 * ConformanceFailure (and chai's AssertionError) -> failed; CheckError -> error;
 * SkipTest -> skipped; NotSupported -> not-supported.
 */
export type ErrorCode =
  | 'USAGE'
  | 'CONFIG'
  | 'UNREACHABLE'
  | 'CONFORMANCE_FAILURE'
  | 'CHECK_ERROR'
  | 'SKIPPED'
  | 'NOT_SUPPORTED'
  | 'INTERRUPTED'
  | 'TIMEOUT';

export class KcertError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad flags or arguments: exit code 2. */
export class UsageError extends KcertError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Unreadable kubeconfig, unknown context, unreachable endpoint: exit code 2. */
export class ConfigError extends KcertError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG', message, options);
  }
}

/** The cluster misbehaved: what was expected, what was observed last, and where. */
export class ConformanceFailure extends KcertError {
  constructor(message: string, readonly observed?: unknown) {
    super('CONFORMANCE_FAILURE', message);
  }
}

/** The test could not check (API unreachable, persistent 5xx/429, quota): not a conformance verdict. */
export class CheckError extends KcertError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CHECK_ERROR', message, options);
  }
}

export class SkipTest extends KcertError {
  constructor(reason: string) {
    super('SKIPPED', reason);
  }
}

/** The implementation does not offer an optional feature the test needs. NOT_SUPPORTED is not FAILED. */
export class NotSupported extends KcertError {
  constructor(reason: string) {
    super('NOT_SUPPORTED', reason);
  }
}
