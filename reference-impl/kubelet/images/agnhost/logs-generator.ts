import { Flags } from '../flags.ts';
import type { Program } from '../types.ts';
import { parseGoDuration } from './http-helpers.ts';

/**
 * agnhost logs-generator: writes --log-lines-total lines spread evenly over --run-duration, each
 * `<n> <METHOD> /api/v1/namespaces/<ns>/<kind>/<name> <status>`, then idles (kubectl logs tests).
 */
const METHODS = ['GET', 'POST', 'PUT'];
const KINDS = ['pods', 'services', 'endpoints'];

export const logsGenerator: Program = async (ctx, scope) => {
  const flags = new Flags(ctx.argv.slice(2), ['logtostderr']);
  const total = flags.int('log-lines-total', Number(ctx.env.LOGS_GENERATOR_LINES_TOTAL ?? 0));
  const duration = parseGoDuration(flags.string('run-duration', ctx.env.LOGS_GENERATOR_DURATION ?? '0s'));
  const gap = total > 0 ? duration / total : 0;
  for (let n = 0; n < total && !scope.ended; n++) {
    const method = METHODS[n % METHODS.length]!;
    const kind = KINDS[n % KINDS.length]!;
    const status = [200, 201, 404, 500][n % 4];
    ctx.log('stdout', `${n} ${method} /api/v1/namespaces/ns${n % 7}/${kind}/${(n * 2654435761 >>> 0).toString(36)} ${status}\n`);
    if (gap > 0) await scope.sleep(gap);
  }
  return scope.untilEnded();
};
