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

  it('knows every key of upstream\'s e2e test quota, extended resources and storage classes included', () => {
    const counted = (key: string) => resourceForKey(key)?.plural;
    expect(counted('requests.example.com/dongle')).to.equal('pods');
    expect(counted('requests.hugepages-2Mi')).to.equal('pods');
    expect(counted('ephemeral-storage')).to.equal('pods');
    expect(counted('requests.storage')).to.equal('persistentvolumeclaims');
    expect(counted('gold.storageclass.storage.k8s.io/persistentvolumeclaims')).to.equal('persistentvolumeclaims');
    expect(counted('gold.storageclass.storage.k8s.io/requests.storage')).to.equal('persistentvolumeclaims');
    // Extended resources are quota'd by requests only, and never in the kubernetes.io domain.
    expect(counted('limits.example.com/dongle')).to.equal(undefined);
    expect(counted('requests.kubernetes.io/thing')).to.equal(undefined);
  });

  it('captures the pod of upstream\'s "capture the life of a pod" test', () => {
    const quotaPod: KubeObject = {
      metadata: { name: 'test-pod' },
      spec: { containers: [{ resources: { requests: { cpu: '500m', memory: '252Mi', 'ephemeral-storage': '30Gi', 'example.com/dongle': '2' }, limits: { 'example.com/dongle': '2' } } }] },
      status: { phase: 'Pending' },
    };
    const used = (key: string, hard: string) => formatUsage(key, usageFor(key, [quotaPod]), hard);
    expect([used('pods', '5'), used('cpu', '1'), used('memory', '500Mi'), used('ephemeral-storage', '50Gi'), used('requests.example.com/dongle', '3')])
      .to.deep.equal(['1', '500m', '252Mi', '30Gi', '2']);
  });

  it('sums claimed storage, overall and per storage class', () => {
    const claim = (name: string, storage: string, storageClassName?: string): KubeObject => ({ metadata: { name }, spec: { storageClassName, resources: { requests: { storage } } } });
    const claims = [claim('a', '1Gi', 'gold'), claim('b', '2Gi'), claim('c', '1Gi', 'gold')];
    expect(formatUsage('requests.storage', usageFor('requests.storage', claims), '10Gi')).to.equal('4Gi');
    expect(usageFor('gold.storageclass.storage.k8s.io/persistentvolumeclaims', claims)).to.equal(2);
    expect(formatUsage('gold.storageclass.storage.k8s.io/requests.storage', usageFor('gold.storageclass.storage.k8s.io/requests.storage', claims), '10Gi')).to.equal('2Gi');
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

  it('honours a scopeSelector on priority classes', () => {
    const withClass = (name: string, priorityClassName?: string): KubeObject => ({ metadata: { name }, spec: { priorityClassName, containers: [{}] }, status: { phase: 'Running' } });
    const pods = [withClass('high', 'pclass1'), withClass('low', 'pclass2'), withClass('none')];
    const count = (operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values?: string[]) => usageFor('pods', pods, [], [{ scopeName: 'PriorityClass', operator, values }]);
    expect([count('In', ['pclass1']), count('NotIn', ['pclass1']), count('Exists'), count('DoesNotExist')]).to.deep.equal([1, 2, 2, 1]);
    expect(usageFor('pods', pods, [], [{ scopeName: 'BestEffort', operator: 'Exists' }])).to.equal(3);
  });
});
