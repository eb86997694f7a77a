/**
 * CPU usage rates from cumulative counters, like metrics-server: the rate between the newest
 * sample and the oldest one kept within the window (or the container start for a new one).
 */
const KEEP_MS = 30_000;

export class CpuRates {
  private readonly samples = new Map<string, { at: number; usageMs: number }[]>();

  millicores(key: string, usageMs: number, startedAt: number, now: number): number {
    const list = this.samples.get(key) ?? [{ at: startedAt, usageMs: 0 }];
    list.push({ at: now, usageMs });
    while (list.length > 2 && now - list[1]!.at > KEEP_MS) list.shift();
    this.samples.set(key, list);
    if (this.samples.size > 50_000) this.samples.delete(this.samples.keys().next().value!);
    const oldest = list[0]!;
    const elapsed = now - oldest.at;
    return elapsed <= 0 ? 0 : ((usageMs - oldest.usageMs) / elapsed) * 1000;
  }
}
