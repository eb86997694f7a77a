import { expect } from 'chai';
import { MemoryStore } from '../../store/memory-store.ts';
import { findResource } from '../registry/resources.ts';
import { ApiError } from '../status.ts';
import { networkPlan } from '../../network-config.ts';
import { admissionHooks } from './api-server-hooks.ts';

describe('admission hooks for the API server', () => {
  const store = new MemoryStore();
  const network = networkPlan(42);
  const ranges = { serviceCIDR: network.serviceCIDR, nodePorts: network.nodePortRange };
  const taken = network.dnsServiceIP;
  after(() => store.close());

  it('refuses a pod beyond quota as a Forbidden Status naming the pod', async () => {
    await store.create('/registry/resourcequotas/ns/q', JSON.stringify({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'ns', uid: 'q' }, spec: { hard: { pods: '0' } } }));
    const pods = findResource('', 'v1', 'pods')!;
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    try {
      await admissionHooks(store, { ranges }).admit('CREATE', pods, pod, undefined, false);
      expect.fail('expected a refusal');
    } catch (error) {
      expect(error).to.be.instanceOf(ApiError);
      const status = (error as ApiError).toStatus();
      expect(status).to.include({ code: 403, reason: 'Forbidden' });
      expect(status.message).to.equal('pods "p" is forbidden: exceeded quota: q, requested: pods=1, used: pods=0, limited: pods=0');
    }
  });

  it('refuses a taken ClusterIP as Invalid with the field cause', async () => {
    await store.create('/registry/services/ns/a', JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'ns', uid: 'a' }, spec: { clusterIP: taken, clusterIPs: [taken] } }));
    const services = findResource('', 'v1', 'services')!;
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'ns', uid: 'b' }, spec: { type: 'ClusterIP', clusterIP: taken, ports: [{ port: 80 }] } };
    try {
      await admissionHooks(store, { ranges }).admit('CREATE', services, service, undefined, false);
      expect.fail('expected a refusal');
    } catch (error) {
      const status = (error as ApiError).toStatus();
      expect(status).to.include({ code: 422, reason: 'Invalid' });
      expect(status.message).to.equal(`Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"${taken}"}: failed to allocate IP ${taken}: provided IP is already allocated`);
    }
  });
});
