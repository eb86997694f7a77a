/**
 * Hands out pod IPs from a node's pod CIDR (127.(10+n).0.0/16). Addresses whose last octet is 0
 * or 255 are skipped; each allocator starts at a random offset, so two clusters started on the
 * same machine at the same time rarely hand out the same address; freed addresses are reused
 * only once the range is exhausted (a fresh pod should not inherit a dying pod's connections).
 */
export class IpAllocator {
  private readonly prefix: string;
  private readonly inUse = new Set<string>();
  private readonly freed: string[] = [];
  private cursor: number;

  constructor(cidr: string, private readonly sharedIp = false) {
    const [address] = cidr.split('/');
    this.prefix = address!.split('.').slice(0, 2).join('.');
    this.cursor = Math.floor(Math.random() * 200) * 256;
  }

  allocate(): string {
    if (this.sharedIp) return `${this.prefix}.0.2`;
    for (let attempts = 0; attempts < 65536; attempts++) {
      const index = this.cursor++ % 65536;
      const third = index >> 8;
      const fourth = index & 0xff;
      if (fourth === 0 || fourth === 255 || (third === 0 && fourth === 1)) continue;
      const ip = `${this.prefix}.${third}.${fourth}`;
      if (!this.inUse.has(ip)) {
        this.inUse.add(ip);
        return ip;
      }
    }
    const reused = this.freed.shift();
    if (!reused) throw new Error(`pod CIDR ${this.prefix}.0.0/16 exhausted`);
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
