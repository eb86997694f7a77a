import { expect } from 'chai';
import { IpAllocator } from './ip-allocator.ts';

describe('pod IP allocator', () => {
  it('hands out distinct addresses inside the node pod CIDR', () => {
    const allocator = new IpAllocator('127.10.0.0/16');
    const ips = Array.from({ length: 600 }, () => allocator.allocate());
    expect(new Set(ips).size).to.equal(600);
    for (const ip of ips) {
      expect(ip).to.match(/^127\.10\.\d+\.\d+$/);
      expect(ip.endsWith('.0') || ip.endsWith('.255')).to.equal(false);
    }
    allocator.release(ips[0]!);
    expect(allocator.allocated).to.equal(599);
  });

  it('gives every pod the same address under the pods-share-one-ip fault', () => {
    const allocator = new IpAllocator('127.11.0.0/16', true);
    expect(allocator.allocate()).to.equal(allocator.allocate());
  });
});
