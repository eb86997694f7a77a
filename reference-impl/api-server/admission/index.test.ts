import { expect } from 'chai';
import { AdmissionError, createAdmission, type AdmissionObjects } from './index.js';

type Json = Record<string, any>;

/** An in-memory stand-in for the store the core lists from. */
function objectsOf(initial: Record<string, Json[]>): AdmissionObjects & { add(key: string, object: Json): void } {
  const data = new Map(Object.entries(initial));
  return {
    async list(group, resource, namespace) {
      return (data.get(`${group}/${resource}`) ?? []).filter((object) => namespace === undefined || object.metadata?.namespace === namespace);
    },
    add(key, object) {
      data.set(key, [...(data.get(key) ?? []), object]);
    },
  };
}

let uids = 0;
const pod = (name: string, extra: Json = {}): Json => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', uid: `uid-${++uids}` },
  spec: { containers: [{ name: 'web', image: 'httpd', ...extra }] },
});
const quota = (name: string, hard: Json): Json => ({ metadata: { name, namespace: 'ns', uid: `q-${name}` }, spec: { hard } });
const service = (name: string, spec: Json): Json => ({ metadata: { name, namespace: 'ns', uid: `svc-${name}` }, spec });

async function refusal(promise: Promise<unknown>): Promise<AdmissionError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(AdmissionError);
    return error as AdmissionError;
  }
  throw new Error('expected an AdmissionError');
}

describe('admission', () => {
  describe('ResourceQuota', () => {
    it('refuses the pod beyond a pods quota with upstream message, counting admitted pods not yet stored', async () => {
      const objects = objectsOf({ '/resourcequotas': [quota('condition-test', { pods: '2' })], '/pods': [] });
      const admission = createAdmission(objects);
      const first = pod('a');
      await admission.admit({ operation: 'CREATE', group: '', resource: 'pods', object: first });
      objects.add('/pods', first);
      await admission.admit({ operation: 'CREATE', group: '', resource: 'pods', object: pod('b') });
      const error = await refusal(admission.admit({ operation: 'CREATE', group: '', resource: 'pods', object: pod('c') }));
      expect(error.code).to.equal(403);
      expect(error.detail).to.equal('exceeded quota: condition-test, requested: pods=1, used: pods=2, limited: pods=2');
    });

    it('admits concurrent creates one at a time', async () => {
      const admission = createAdmission(objectsOf({ '/resourcequotas': [quota('q', { pods: '2' })] }));
      const results = await Promise.allSettled([pod('a'), pod('b'), pod('c'), pod('d')].map((object) => admission.admit({ operation: 'CREATE', group: '', resource: 'pods', object })));
      expect(results.filter((result) => result.status === 'fulfilled')).to.have.length(2);
    });

    it('does not count finished pods and ignores dry runs', async () => {
      const done = { ...pod('done'), status: { phase: 'Succeeded' } };
      const admission = createAdmission(objectsOf({ '/resourcequotas': [quota('q', { pods: '1' })], '/pods': [done] }));
      await admission.admit({ operation: 'CREATE', group: '', resource: 'pods', object: pod('a'), dryRun: true });
      await admission.admit({ operation: 'CREATE', group: '', resource: 'pods', object: pod('b') });
    });

    it('sums compute requests and requires them to be stated', async () => {
      const objects = objectsOf({ '/resourcequotas': [quota('compute', { 'requests.cpu': '1', 'limits.memory': '1Gi' })], '/pods': [pod('old', { resources: { requests: { cpu: '600m' }, limits: { memory: '512Mi' } } })] });
      const admission = createAdmission(objects);
      const missing = await refusal(admission.admit({ operation: 'CREATE', group: '', resource: 'pods', object: pod('x') }));
      expect(missing.detail).to.equal('failed quota: compute: must specify limits.memory for: web; requests.cpu for: web');
      const over = await refusal(admission.admit({ operation: 'CREATE', group: '', resource: 'pods', object: pod('y', { resources: { requests: { cpu: '500m' }, limits: { memory: '100Mi' } } }) }));
      expect(over.detail).to.equal('exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1');
    });

    it('counts objects by count/<resource>.<group>', async () => {
      const deployment = (name: string) => ({ metadata: { name, namespace: 'ns', uid: name } });
      const admission = createAdmission(objectsOf({ '/resourcequotas': [quota('d', { 'count/deployments.apps': '1' })], 'apps/deployments': [deployment('one')] }));
      const error = await refusal(admission.admit({ operation: 'CREATE', group: 'apps', resource: 'deployments', object: deployment('two') }));
      expect(error.detail).to.equal('exceeded quota: d, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1');
    });
  });

  describe('LimitRange', () => {
    const limitRange = { metadata: { name: 'lr', namespace: 'ns' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, min: { cpu: '50m' }, max: { cpu: '1' } }] } };

    it('fills default requests and limits and records them', async () => {
      const object = pod('p');
      await createAdmission(objectsOf({ '/limitranges': [limitRange] })).admit({ operation: 'CREATE', group: '', resource: 'pods', object });
      expect(object.spec.containers[0].resources).to.deep.equal({ limits: { cpu: '500m' }, requests: { cpu: '100m' } });
      expect(object.metadata.annotations['kubernetes.io/limit-ranger']).to.equal('LimitRanger plugin set: cpu limit for container web; cpu request for container web');
    });

    it('refuses containers outside min and max', async () => {
      const error = await refusal(createAdmission(objectsOf({ '/limitranges': [limitRange] })).admit({
        operation: 'CREATE', group: '', resource: 'pods', object: pod('p', { resources: { requests: { cpu: '10m' }, limits: { cpu: '2' } } }),
      }));
      expect(error.detail).to.equal('[minimum cpu usage per Container is 50m, but request is 10m, maximum cpu usage per Container is 1, but limit is 2]');
    });
  });

  it('gives pods the service account, priority and default tolerations', async () => {
    const object = pod('p');
    await createAdmission(objectsOf({})).admit({ operation: 'CREATE', group: '', resource: 'pods', object });
    expect(object.spec).to.deep.include({ serviceAccountName: 'default', serviceAccount: 'default', priority: 0, enableServiceLinks: true });
    expect(object.spec.tolerations.map((t: Json) => t.key)).to.deep.equal(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
  });

  describe('Service addresses', () => {
    const ranges = { serviceCIDR: '127.96.0.0/16', nodePorts: { min: 30000, max: 32767 } };

    it('allocates a ClusterIP in the dynamic part of the range and NodePorts in range', async () => {
      const object = service('web', { type: 'NodePort', ports: [{ port: 80, protocol: 'TCP' }, { port: 80, protocol: 'UDP' }] });
      await createAdmission(objectsOf({}), { ranges, random: () => 0 }).admit({ operation: 'CREATE', group: '', resource: 'services', object });
      expect(object.spec.clusterIP).to.equal('127.96.1.1');
      expect(object.spec.clusterIPs).to.deep.equal(['127.96.1.1']);
      expect(object.spec).to.deep.include({ ipFamilyPolicy: 'SingleStack' });
      expect(object.spec.ipFamilies).to.deep.equal(['IPv4']);
      expect(object.spec.ports.map((port: Json) => port.nodePort)).to.deep.equal([30086, 30086]);
    });

    it('never hands out a taken address', async () => {
      const existing = service('a', { type: 'NodePort', clusterIP: '127.96.1.1', clusterIPs: ['127.96.1.1'], ports: [{ port: 80, nodePort: 30086 }] });
      const object = service('b', { type: 'NodePort', ports: [{ port: 80 }] });
      await createAdmission(objectsOf({ '/services': [existing] }), { ranges, random: () => 0 }).admit({ operation: 'CREATE', group: '', resource: 'services', object });
      expect(object.spec.clusterIP).to.equal('127.96.1.2');
      expect(object.spec.ports[0].nodePort).to.equal(30087);
    });

    it('refuses a requested address out of range or taken, with upstream messages', async () => {
      const existing = service('a', { type: 'NodePort', clusterIP: '127.96.0.10', clusterIPs: ['127.96.0.10'], ports: [{ port: 80, nodePort: 30080 }] });
      const admission = createAdmission(objectsOf({ '/services': [existing] }), { ranges });
      const outside = await refusal(admission.admit({ operation: 'CREATE', group: '', resource: 'services', object: service('b', { type: 'NodePort', clusterIP: '10.0.0.1', ports: [{ port: 80, nodePort: 80 }] }) }));
      expect(outside.code).to.equal(422);
      expect(outside.causes.map((cause) => `${cause.field}: ${cause.message}`)).to.deep.equal([
        'spec.clusterIPs: Invalid value: []string{"10.0.0.1"}: failed to allocate IP 10.0.0.1: provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 127.96.0.0/16',
        'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
      ]);
      const taken = await refusal(admission.admit({ operation: 'CREATE', group: '', resource: 'services', object: service('c', { type: 'NodePort', clusterIP: '127.96.0.10', ports: [{ port: 80, nodePort: 30080 }] }) }));
      expect(taken.causes.map((cause) => cause.message)).to.deep.equal([
        'Invalid value: []string{"127.96.0.10"}: failed to allocate IP 127.96.0.10: provided IP is already allocated',
        'Invalid value: 30080: provided port is already allocated',
      ]);
    });

    it('keeps its own addresses on update and allocates when it becomes a ClusterIP service again', async () => {
      const stored = service('a', { type: 'NodePort', clusterIP: '127.96.5.5', clusterIPs: ['127.96.5.5'], ports: [{ port: 80, nodePort: 30500 }] });
      const admission = createAdmission(objectsOf({ '/services': [stored] }), { ranges });
      const same = structuredClone(stored);
      await admission.admit({ operation: 'UPDATE', group: '', resource: 'services', object: same, old: stored });
      expect(same.spec.clusterIP).to.equal('127.96.5.5');
      const external = service('a', { type: 'ExternalName', externalName: 'example.com' });
      const back = service('a', { type: 'ClusterIP', ports: [{ port: 80 }] });
      await admission.admit({ operation: 'UPDATE', group: '', resource: 'services', object: back, old: external });
      expect(back.spec.clusterIP).to.match(/^127\.96\./);
    });

    it('leaves headless and ExternalName services without an address', async () => {
      const admission = createAdmission(objectsOf({}), { ranges });
      const headless = service('h', { type: 'ClusterIP', clusterIP: 'None' });
      await admission.admit({ operation: 'CREATE', group: '', resource: 'services', object: headless });
      expect(headless.spec.clusterIPs).to.deep.equal(['None']);
      const external = service('e', { type: 'ExternalName', externalName: 'example.com' });
      await admission.admit({ operation: 'CREATE', group: '', resource: 'services', object: external });
      expect(external.spec).to.not.have.any.keys('clusterIP', 'ipFamilies');
    });
  });
});
