import type { Program } from './types.ts';
import { pathOf, query, send } from './agnhost/http-helpers.ts';

/**
 * resource-consumer (HPA e2e image): HTTP on :8080. `POST /ConsumeCPU?millicores=M&durationSec=S`
 * makes the container report M millicores of CPU for S seconds; memory and custom metrics
 * requests are accepted and acknowledged. CPU is accounted, not burnt, so a thousand loaded
 * pods cost nothing.
 */
export const resourceConsumer: Program = async (ctx, scope) => {
  await scope.listenHttp(ctx.podIP, 8080, (req, res) => {
    const params = query(req);
    switch (pathOf(req)) {
      case '/ConsumeCPU': {
        const millicores = Number(params.get('millicores'));
        const seconds = Number(params.get('durationSec'));
        if (!Number.isFinite(millicores) || !Number.isFinite(seconds)) return send(res, 400, 'Incorrect query parameters\n');
        ctx.addCpuLoad(millicores, seconds * 1000);
        return send(res, 200, `ConsumeCPU\n${millicores} millicores\n${seconds} durationSec\n`);
      }
      case '/ConsumeMem':
        return send(res, 200, `ConsumeMem\n${params.get('megabytes')} megabytes\n${params.get('durationSec')} durationSec\n`);
      case '/BumpMetric':
        return send(res, 200, 'BumpMetric\n');
      case '/GetCurrentStatus':
        return send(res, 200, 'ok\n');
      default:
        return send(res, 404, '404 page not found\n');
    }
  });
  return scope.untilEnded();
};
