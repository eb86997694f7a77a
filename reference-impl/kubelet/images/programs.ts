import type { ContainerContext, Program } from './types.ts';
import type { ProcessScope } from './process-scope.ts';

/**
 * Programs every image with a userland shares: `pause` and running a command through the
 * container's shell (busybox `sh -c`, `sleep 3600`, `/bin/true`).
 */

/** Sleeps until stopped; exits 0 on SIGTERM like the real pause binary. */
export const pause: Program = (_ctx, scope) => {
  scope.onTerminate(() => scope.exit(0));
  return scope.untilEnded();
};

/** Runs argv through the container shell; its output becomes the container log. */
export function shellProgram(argv: string[]): Program {
  return async (ctx: ContainerContext, scope: ProcessScope) => {
    // PID 1 in a container ignores SIGTERM unless it installs a handler: shells do not.
    scope.onTerminate(() => undefined);
    // A script has no "listening" moment: count it as set up at once.
    void Promise.resolve().then(() => scope.untilEnded());
    const result = await ctx.exec(argv, { signal: scope.signal, streamToLog: true });
    if (result.stdout) ctx.log('stdout', result.stdout);
    if (result.stderr && !scope.ended) ctx.log('stderr', result.stderr);
    scope.exit(result.exitCode);
    return scope.exited;
  };
}
