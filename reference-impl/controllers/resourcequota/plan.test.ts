import { expect } from 'chai';
import type { KubeObject } from '../../client/index.ts';
import { formatUsage, resourceForKey, usageFor } from './plan.ts';

const pod = (name: string, cpu: string, memory: string, phase = 'Running'): KubeObject => ({
  metadata: { name },
  spec: { containers: [{ resources: { requests: { cpu, memory }, limits: { cpu, memory } } }] },
  status: { phase },
});

describe('resource quota usage', () => {
  it('maps quota keys to the resource they count', () => {
    expect(resourceForKey('pods')).to.deep.equal({ group: '', plural: 'pods' });
    expect(resourceForKey('requests.cpu')).to.deep.equal({ group: '', plural: 'pods' });
    expect(resourceForKey('count/deployments.apps')).to.deep.equal({ group: 'apps', plural: 'deployments' });
    expect(resourceForKey('services.nodeports')).to.deep.equal({ group: '', plural: 'services' });
    expect(resourceForKey('unknown.thing')).to.equal(undefined);
  });

  it('counts active pods and sums their compute', () => {
    const pods = [pod('a', '100m', '64Mi'), pod('b', '250m', '64Mi'), pod('done', '1', '1Gi', 'Succeeded')];
    expect(usageFor('pods', pods)).to.equal(2);
    expect(formatUsage('requests.cpu', usageFor('requests.cpu', pods), '1')).to.equal('350m');
    expect(formatUsage('limits.memory', usageFor('limits.memory', pods), '1Gi')).to.equal('128Mi');
    expect(formatUsage('cpu', 2, '4')).to.equal('2');
  });

  it('counts node ports of NodePort services', () => {
    const services = [{ metadata: { name: 'np' }, spec: { type: 'NodePort', ports: [{}, {}] } }, { metadata: { name: 'c' }, spec: { type: 'ClusterIP', ports: [{}] } }];
    expect(usageFor('services.nodeports', services)).to.equal(2);
    expect(usageFor('services', services)).to.equal(2);
  });

  it('honours BestEffort scopes', () => {
    const bestEffort: KubeObject = { metadata: { name: 'be' }, spec: { containers: [{}] }, status: { phase: 'Running' } };
    expect(usageFor('pods', [bestEffort, pod('a', '1', '1Gi')], ['BestEffort'])).to.equal(1);
    expect(usageFor('pods', [bestEffort, pod('a', '1', '1Gi')], ['NotBestEffort'])).to.equal(1);
  });
});
