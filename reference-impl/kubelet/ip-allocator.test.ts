import { expect } from 'chai';
import { IpAllocator } from './ip-allocator.ts';

describe('pod IP allocator', () => {
  it('hands out distinct addresses inside the node pod CIDR', () => {
    const allocator = new IpAllocator('127.42.32.0/19');
    const ips = Array.from({ length: 600 }, () => allocator.allocate());
    expect(new Set(ips).size).to.equal(600);
    for (const ip of ips) {
      const [a, b, c] = ip.split('.').map(Number);
      expect([a, b]).to.deep.equal([127, 42]);
      expect(c).to.be.within(32, 63);
      expect(ip.endsWith('.0') || ip.endsWith('.255')).to.equal(false);
    }
    expect(ips).to.not.include('127.42.32.1');
    allocator.release(ips[0]!);
    expect(allocator.allocated).to.equal(599);
  });

  it('fills a whole /24 and then reuses only freed addresses', () => {
    const allocator = new IpAllocator('127.42.200.0/24');
    const ips = Array.from({ length: 253 }, () => allocator.allocate());
    expect(new Set(ips).size).to.equal(253);
    expect(() => allocator.allocate()).to.throw(/127\.42\.200\.0\/24 exhausted/);
    allocator.release('127.42.200.77');
    expect(allocator.allocate()).to.equal('127.42.200.77');
  });

  it('gives every pod the same address under the pods-share-one-ip fault', () => {
    const allocator = new IpAllocator('127.42.48.0/20', true);
    expect(allocator.allocate()).to.equal('127.42.48.2');
    expect(allocator.allocate()).to.equal(allocator.allocate());
  });
});
