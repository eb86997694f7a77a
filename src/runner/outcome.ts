import { KcertError } from '../errors.js';
import type { Outcome, TestFailure } from '../report/model.js';

export interface Classified {
  result: Outcome;
  failure?: TestFailure;
  reason?: string;
}

/**
 * Turns what a test body threw into plain result data. The line that matters for certification:
 * a conformance failure (ConformanceFailure, or any AssertionError such as chai's) means the cluster
 * misbehaved; everything else that went wrong (API unreachable, timeouts, interruptions, bugs in a test)
 * means kcert could not check, which is `error`, never `failed`.
 */
export function classifyOutcome(error: unknown): Classified {
  if (error === undefined || error === null) return { result: 'passed' };
  if (error instanceof KcertError) {
    switch (error.code) {
      case 'SKIPPED':
        return { result: 'skipped', reason: error.message };
      case 'NOT_SUPPORTED':
        return { result: 'not-supported', reason: error.message };
      case 'CONFORMANCE_FAILURE':
        return { result: 'failed', failure: toFailure(error, error.code) };
      default:
        return { result: 'error', failure: toFailure(error, error.code) };
    }
  }
  if (isAssertionError(error)) return { result: 'failed', failure: toFailure(error, 'CONFORMANCE_FAILURE') };
  if ((error as { code?: unknown }).code === 'ERR_MOCHA_TIMEOUT') {
    // Mocha's own text talks about done() callbacks; say what happened in kcert's terms instead.
    const ms = Number((error as { timeout?: unknown }).timeout);
    const within = Number.isFinite(ms) ? ` within ${(ms / 1000).toFixed(1)}s` : '';
    return {
      result: 'error',
      failure: { code: 'TIMEOUT', type: 'TestTimeout', message: `the test did not finish${within} (its test timeout); on a slow cluster raise --timeout-scale` },
    };
  }
  return { result: 'error', failure: toFailure(error, 'UNEXPECTED') };
}

function isAssertionError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AssertionError';
}

export function toFailure(error: unknown, code: string): TestFailure {
  if (error instanceof Error) {
    return { code, type: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  }
  return { code, type: typeof error, message: String(error) };
}
