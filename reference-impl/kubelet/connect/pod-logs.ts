import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PodWorker } from '../pod-worker.ts';
import { formatLine, type ContainerLog } from '../runtime/container-log.ts';
import { badRequest } from './connect-errors.ts';

/**
 * pods/log: the current (or, with previous=true, the last terminated) run of one container,
 * with follow, tailLines, sinceSeconds/sinceTime, limitBytes and timestamps.
 */
export function selectLog(worker: PodWorker, query: URLSearchParams): ContainerLog {
  const podName = worker.sandbox.podName;
  const requested = query.get('container') ?? undefined;
  const all = [...worker.containers, ...worker.init];
  if (!requested && worker.containers.length > 1) {
    throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${worker.containers.map((c) => c.name).join(' ')}]`);
  }
  const container = requested ? all.find((c) => c.name === requested) : worker.containers[0];
  if (!container) throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  if (query.get('previous') === 'true') {
    const previous = container.current?.running === false && container.status.state.waiting ? container.current : container.previous;
    if (!previous) throw badRequest(`previous terminated container "${container.name}" in pod "${podName}" not found`);
    return previous.log;
  }
  if (!container.current) {
    const reason = container.status.state.waiting?.reason ?? 'ContainerCreating';
    throw badRequest(`container "${container.name}" in pod "${podName}" is waiting to start: ${reason}`);
  }
  return container.current.log;
}

export function serveLog(log: ContainerLog, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): void {
  const timestamps = query.get('timestamps') === 'true';
  const tail = query.get('tailLines');
  const sinceSeconds = query.get('sinceSeconds');
  const sinceTime = query.get('sinceTime');
  const limit = query.get('limitBytes');
  let budget = limit ? Number(limit) : Number.POSITIVE_INFINITY;
  const lines = log.snapshot({
    tailLines: tail !== null ? Number(tail) : undefined,
    sinceTime: sinceSeconds ? new Date(Date.now() - Number(sinceSeconds) * 1000) : sinceTime ? new Date(sinceTime) : undefined,
  });
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  const write = (text: string): boolean => {
    if (budget <= 0) return false;
    const piece = text.length > budget ? text.slice(0, budget) : text;
    budget -= piece.length;
    res.write(piece);
    return budget > 0;
  };
  for (const line of lines) if (!write(formatLine(line, timestamps))) return void res.end();
  if (query.get('follow') !== 'true') return void res.end();
  const unsubscribe = log.follow((line) => {
    if (!line || !write(formatLine(line, timestamps))) {
      unsubscribe();
      res.end();
    }
  });
  req.on('close', () => unsubscribe());
}
