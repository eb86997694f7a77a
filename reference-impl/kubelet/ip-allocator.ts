import { parseCidr, toIP } from '../network-config.ts';

/**
 * Hands out pod IPs from a node's pod CIDR (NetworkPlan.podCIDR; no other cluster on the machine
 * uses it). Addresses whose last octet is 0 or 255 are skipped, as is the first one (a gateway's
 * on a real network); freed addresses are reused only once the range is exhausted (a fresh pod
 * should not inherit a dying pod's connections).
 */
export class IpAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly inUse = new Set<string>();
  private readonly freed: string[] = [];
  private cursor = 0;

  constructor(
    private readonly cidr: string,
    private readonly sharedIp = false,
  ) {
    ({ base: this.base, size: this.size } = parseCidr(cidr));
  }

  allocate(): string {
    if (this.sharedIp) return toIP(this.base + 2);
    for (let attempts = 0; attempts < this.size; attempts++) {
      const offset = this.cursor++ % this.size;
      const address = this.base + offset;
      const last = address & 0xff;
      if (last === 0 || last === 255 || offset === 1) continue;
      const ip = toIP(address);
      if (!this.inUse.has(ip)) {
        this.inUse.add(ip);
        return ip;
      }
    }
    const reused = this.freed.shift();
    if (!reused) throw new Error(`pod CIDR ${this.cidr} exhausted`);
    this.inUse.add(reused);
    return reused;
  }

  release(ip: string): void {
    if (this.sharedIp || !this.inUse.delete(ip)) return;
    this.freed.push(ip);
  }

  get allocated(): number {
    return this.inUse.size;
  }
}
