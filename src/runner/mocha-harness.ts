import Mocha from 'mocha';

/**
 * Mocha is the harness each test body runs in: a Mocha Test (Runnable) gives the body its timeout
 * (ERR_MOCHA_TIMEOUT), turns whatever it throws or rejects with into an error value, and detects a body
 * that settles twice. kcert does not hand the run to Mocha's Runner, which runs tests one after another;
 * the scheduler runs N Runnables at once, so a conformance run takes minutes, not the serial sum.
 * Conformance tests are values, not files, so nothing is loaded through Mocha's file loader and the
 * "one Mocha run per process" limit of ESM file loading does not apply.
 */
export class MochaHarness {
  private readonly suite: Mocha.Suite;

  constructor(title = 'kcert') {
    this.suite = new Mocha.Suite(title);
  }

  /**
   * Runs `body` as the Mocha test `title` with a timeout. Resolves with the error the body failed with,
   * or undefined when it passed. Never rejects.
   */
  run(title: string, body: () => Promise<void>, timeoutMs: number): Promise<unknown> {
    const test = new Mocha.Test(title, async () => {
      await body();
    });
    this.suite.addTest(test);
    test.timeout(timeoutMs);
    return new Promise((resolve) => {
      try {
        test.run((error?: unknown) => {
          this.suite.tests.splice(this.suite.tests.indexOf(test), 1);
          resolve(error ?? undefined);
        });
      } catch (error) {
        resolve(error);
      }
    });
  }
}
