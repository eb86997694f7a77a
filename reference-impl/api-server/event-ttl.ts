import { decode } from './object-store.ts';
import { findResource } from './registry/resources.ts';
import type { KubeObject } from './registry/types.ts';
import type { ApiContext } from './rest/context.ts';

/**
 * Events expire an hour after they were last recorded, as with kube-apiserver's --event-ttl
 * (there an etcd lease), so a long-running cluster's store does not grow with every test run.
 */
export const EVENT_TTL_MS = 60 * 60 * 1000;

const EVENTS = findResource('', 'v1', 'events')!;

/** When an event was last recorded: lastTimestamp, series, eventTime, else creation. */
export function lastRecorded(event: KubeObject): number {
  const series = event.series as { lastObservedTime?: string } | undefined;
  for (const candidate of [event.lastTimestamp, series?.lastObservedTime, event.eventTime, event.metadata?.creationTimestamp]) {
    const time = typeof candidate === 'string' ? Date.parse(candidate) : NaN;
    if (!Number.isNaN(time)) return time;
  }
  return 0;
}

/** Deletes every event last recorded more than ttlMs ago; returns how many went. */
export async function expireEvents(ctx: ApiContext, ttlMs = EVENT_TTL_MS): Promise<number> {
  const cutoff = ctx.now().getTime() - ttlMs;
  const { items } = await ctx.objects.store.list(ctx.objects.prefix(EVENTS));
  let expired = 0;
  for (const kv of items) {
    const event = decode(kv);
    if (lastRecorded(event) >= cutoff) continue;
    try {
      await ctx.objects.delete(EVENTS, event.metadata?.namespace, event.metadata!.name!, kv.modRevision);
      expired++;
    } catch {
      // Updated or deleted meanwhile: the next sweep decides again.
    }
  }
  return expired;
}

/** Sweeps expired events every intervalMs; returns the function that stops it. */
export function keepExpiringEvents(ctx: ApiContext, intervalMs = 60_000, ttlMs = EVENT_TTL_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    expireEvents(ctx, ttlMs)
      .catch((error: unknown) => ctx.log(`event expiry failed: ${(error as Error).message}`))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
