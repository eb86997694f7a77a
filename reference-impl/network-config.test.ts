import { expect } from 'chai';
import { MAX_NODES, NetworkPlanError, networkPlan, parseCidr, podBlockSize, toIP } from './network-config.ts';

const range = (cidr: string) => {
  const { base, size } = parseCidr(cidr);
  return { first: base, last: base + size - 1 };
};
const ipNumber = (ip: string) => parseCidr(`${ip}/32`).base;

describe('network plan', () => {
  it('puts every address of a slot inside 127.SLOT.0.0/16', () => {
    const plan = networkPlan(37, 3);
    expect(plan).to.include({ slot: 37, serviceCIDR: '127.37.0.0/20', kubernetesServiceIP: '127.37.0.1', dnsServiceIP: '127.37.0.10', clusterDomain: 'cluster.local' });
    expect([0, 1, 2].map((n) => plan.nodeIP(n))).to.deep.equal(['127.37.16.1', '127.37.16.2', '127.37.16.3']);
    expect([0, 1, 2].map((n) => plan.podCIDR(n))).to.deep.equal(['127.37.32.0/19', '127.37.64.0/19', '127.37.96.0/19']);
    expect(plan.nodePortRange).to.deep.equal({ min: 30000, max: 32767 });
  });

  it('keeps Services, nodes, the slot lock and every node pod CIDR apart', () => {
    for (const nodes of [1, 2, 7, 8, 14, 15, 100, MAX_NODES]) {
      const plan = networkPlan(200, nodes);
      const pods = Array.from({ length: nodes }, (_, n) => range(plan.podCIDR(n)));
      const singles = [plan.lockIP, ...Array.from({ length: nodes }, (_, n) => plan.nodeIP(n))].map((ip) => ({ first: ipNumber(ip), last: ipNumber(ip) }));
      const all = [range(plan.serviceCIDR), ...pods, ...singles].sort((a, b) => a.first - b.first);
      for (let i = 1; i < all.length; i++) expect(all[i]!.first, `${nodes} nodes`).to.be.greaterThan(all[i - 1]!.last);
      const slot = range('127.200.0.0/16');
      expect(all[0]!.first).to.be.at.least(slot.first);
      expect(all.at(-1)!.last).to.be.at.most(slot.last);
      for (const cidr of pods) expect(cidr.first % (cidr.last - cidr.first + 1), 'aligned').to.equal(0);
    }
  });

  it('gives each node a /19 up to 7 nodes (10,000+ pods on 2 nodes), then halves the block', () => {
    expect([1, 2, 7, 8, 14, 15, 28, 29, MAX_NODES].map(podBlockSize)).to.deep.equal([32, 32, 32, 16, 16, 8, 8, 4, 1]);
    expect(() => networkPlan(20, MAX_NODES + 1)).to.throw(NetworkPlanError, /at most 224 nodes/);
  });

  it('differs between slots everywhere', () => {
    const a = networkPlan(20);
    const b = networkPlan(21);
    for (const pick of [(p: typeof a) => p.serviceCIDR, (p: typeof a) => p.dnsServiceIP, (p: typeof a) => p.nodeIP(0), (p: typeof a) => p.podCIDR(1), (p: typeof a) => p.lockIP]) {
      expect(pick(a)).to.not.equal(pick(b));
    }
  });

  it('refuses a slot outside 1..254 and a node index the cluster does not have', () => {
    expect(() => networkPlan(0)).to.throw(NetworkPlanError);
    expect(() => networkPlan(255)).to.throw(NetworkPlanError);
    expect(() => networkPlan(30, 2).nodeIP(2)).to.throw(NetworkPlanError, /node index 2/);
  });

  it('parses CIDRs and prints addresses', () => {
    expect(parseCidr('127.5.33.7/19')).to.deep.equal({ base: ipNumber('127.5.32.0'), size: 8192 });
    expect(toIP(ipNumber('127.250.31.254'))).to.equal('127.250.31.254');
    expect(() => parseCidr('127.300.0.0/16')).to.throw(NetworkPlanError);
  });
});
