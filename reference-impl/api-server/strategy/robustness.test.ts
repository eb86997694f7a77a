import { expect } from 'chai';
import { strategyFor } from './index.js';

/** Deterministic pseudo-random values of every JSON shape, to feed strategies wrongly typed bodies. */
function generator(seed: number) {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const keys = ['spec', 'metadata', 'containers', 'ports', 'selector', 'template', 'labels', 'name', 'image', 'replicas', 'strategy', 'type', 'clusterIP', 'resources', 'limits', 'livenessProbe', 'httpGet', 'port', 'matchExpressions', 'values', 'subsets', 'endpoints', 'addresses', 'hard', 'data'];
  const value = (depth: number): unknown => {
    const pick = Math.floor(next() * (depth > 4 ? 5 : 8));
    switch (pick) {
      case 0: return null;
      case 1: return Math.floor(next() * 70000) - 100;
      case 2: return ['', 'x', 'None', '25%', '1Gi', 'Always', 'TCP', '-bad'][Math.floor(next() * 8)];
      case 3: return next() > 0.5;
      case 4: return 'text';
      case 5: return Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
      default: return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [keys[Math.floor(next() * keys.length)]!, value(depth + 1)]));
    }
  };
  return value;
}

const RESOURCES: Array<[string, string]> = [
  ['', 'pods'], ['', 'services'], ['', 'replicationcontrollers'], ['', 'endpoints'], ['', 'configmaps'], ['', 'secrets'],
  ['', 'resourcequotas'], ['', 'limitranges'], ['', 'nodes'], ['', 'events'], ['', 'podtemplates'], ['apps', 'deployments'],
  ['apps', 'replicasets'], ['discovery.k8s.io', 'endpointslices'], ['autoscaling', 'horizontalpodautoscalers'], ['coordination.k8s.io', 'leases'],
];

describe('strategies survive wrongly typed bodies', () => {
  it('default and validate 1,600 random objects without throwing', () => {
    const value = generator(7);
    for (let round = 0; round < 100; round++) {
      for (const [group, resource] of RESOURCES) {
        const object = { metadata: { name: 'x' }, ...(value(0) as object), spec: value(1), status: value(1) } as Record<string, unknown>;
        const strategy = strategyFor(group, resource);
        const old = structuredClone(object);
        expect(() => {
          strategy.applyDefaults(object);
          expect(strategy.validateCreate(object)).to.be.an('array');
          expect(strategy.validateUpdate(object, old)).to.be.an('array');
        }, `${group}/${resource} ${JSON.stringify(old)}`).to.not.throw();
      }
    }
  });
});
