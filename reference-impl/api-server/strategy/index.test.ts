import { expect } from 'chai';
import { strategyFor, type FieldCause } from './index.js';

type Json = Record<string, any>;

const container = (extra: Json = {}) => ({ name: 'web', image: 'httpd:2.4', ...extra });
const template = (labels: Json, containers: Json[] = [container()]) => ({ metadata: { labels }, spec: { containers } });
const deployment = (spec: Json = {}): Json => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }), ...spec },
});
const service = (spec: Json): Json => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'n' }, spec });

function defaulted(group: string, resource: string, object: Json): Json {
  const copy = structuredClone(object);
  strategyFor(group, resource).applyDefaults(copy);
  return copy;
}

function createErrors(group: string, resource: string, object: Json): FieldCause[] {
  const copy = defaulted(group, resource, object);
  return strategyFor(group, resource).validateCreate(copy);
}

const rendered = (causes: FieldCause[]) => causes.map((cause) => `${cause.field}: ${cause.message}`);

describe('strategies: defaults', () => {
  it('defaults a Deployment as apps/v1 does', () => {
    const result = defaulted('apps', 'deployments', deployment());
    expect(result.spec).to.deep.include({ replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    expect(result.spec.strategy).to.deep.equal({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    const podSpec = result.spec.template.spec;
    expect(podSpec).to.deep.include({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {} });
    expect(podSpec.containers[0]).to.deep.include({ terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent', resources: {} });
  });

  it('keeps Recreate without rollingUpdate', () => {
    expect(defaulted('apps', 'deployments', deployment({ strategy: { type: 'Recreate' } })).spec.strategy).to.deep.equal({ type: 'Recreate' });
  });

  const pullPolicies: Array<[string, string]> = [['httpd', 'Always'], ['httpd:latest', 'Always'], ['registry:5000/httpd', 'Always'], ['httpd:2.4', 'IfNotPresent'], ['httpd@sha256:abc', 'IfNotPresent']];
  for (const [image, policy] of pullPolicies) {
    it(`pulls ${image} with ${policy}`, () => {
      const pod = defaulted('', 'pods', { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image }] } });
      expect(pod.spec.containers[0].imagePullPolicy).to.equal(policy);
    });
  }

  it('defaults probes, ports and requests from limits', () => {
    const pod = defaulted('', 'pods', {
      metadata: { name: 'p' },
      spec: { containers: [container({ ports: [{ containerPort: 80 }], livenessProbe: { httpGet: { port: 80 } }, resources: { limits: { cpu: '1' } } })] },
    });
    const c = pod.spec.containers[0];
    expect(c.livenessProbe).to.deep.equal({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(c.ports[0].protocol).to.equal('TCP');
    expect(c.resources.requests).to.deep.equal({ cpu: '1' });
  });

  it('defaults a Service: type, affinity, protocol, targetPort, traffic policies', () => {
    const result = defaulted('', 'services', service({ ports: [{ port: 80 }], type: 'NodePort' }));
    expect(result.spec).to.deep.include({ type: 'NodePort', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', externalTrafficPolicy: 'Cluster' });
    expect(result.spec.ports[0]).to.deep.equal({ port: 80, protocol: 'TCP', targetPort: 80 });
  });

  it('defaults ClientIP affinity timeout and drops the config when affinity goes back to None', () => {
    const clientIP = defaulted('', 'services', service({ ports: [{ port: 80 }], sessionAffinity: 'ClientIP' }));
    expect(clientIP.spec.sessionAffinityConfig).to.deep.equal({ clientIP: { timeoutSeconds: 10800 } });
    clientIP.spec.sessionAffinity = 'None';
    expect(defaulted('', 'services', clientIP).spec).to.not.have.property('sessionAffinityConfig');
  });

  it('defaults an RC selector and labels from its template', () => {
    const rc = defaulted('', 'replicationcontrollers', { metadata: { name: 'r' }, spec: { template: template({ app: 'x' }) } });
    expect(rc.spec.selector).to.deep.equal({ app: 'x' });
    expect(rc.metadata.labels).to.deep.equal({ app: 'x' });
    expect(rc.spec.replicas).to.equal(1);
  });
});

describe('strategies: validation', () => {
  const cases: Array<{ name: string; group: string; resource: string; object: Json; errors: string[] }> = [
    { name: 'a valid Deployment', group: 'apps', resource: 'deployments', object: deployment(), errors: [] },
    {
      name: 'selector not matching template labels', group: 'apps', resource: 'deployments',
      object: deployment({ template: template({ app: 'other' }) }),
      errors: ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`'],
    },
    {
      name: 'missing selector', group: 'apps', resource: 'replicasets',
      object: { metadata: { name: 'r' }, spec: { template: template({ app: 'x' }) } },
      errors: ['spec.selector: Required value'],
    },
    {
      name: 'negative replicas and zero surge with zero unavailable', group: 'apps', resource: 'deployments',
      object: deployment({ replicas: -1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }),
      errors: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0', 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
    },
    {
      name: 'pod template restartPolicy other than Always', group: 'apps', resource: 'deployments',
      object: deployment({ template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [container()] } } }),
      errors: ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    },
    {
      name: 'container problems: missing image, duplicate names, bad port, bad probe', group: '', resource: 'pods',
      object: {
        metadata: { name: 'p' },
        spec: {
          containers: [
            { name: 'a', image: '' },
            { name: 'a', image: 'x', ports: [{ containerPort: 70000 }], readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: -1 } },
            { name: 'b', image: 'x', livenessProbe: { exec: { command: ['true'] }, successThreshold: 2 } },
          ],
        },
      },
      errors: [
        'spec.containers[0].image: Required value',
        'spec.containers[1].name: Duplicate value: "a"',
        'spec.containers[1].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.containers[1].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
        'spec.containers[2].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      ],
    },
    {
      name: 'invalid label key and value', group: '', resource: 'configmaps',
      object: { metadata: { name: 'c', labels: { 'bad key': 'ok', good: '-bad' } } },
      errors: [
        `metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
        `metadata.labels: Invalid value: "-bad": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ],
    },
    {
      name: 'requests above limits and malformed quantities', group: '', resource: 'pods',
      object: { metadata: { name: 'p' }, spec: { containers: [container({ resources: { limits: { cpu: '500m' }, requests: { cpu: '1', memory: '1 Gi' } } })] } },
      errors: [
        `spec.containers[0].resources.requests[memory]: Invalid value: "1 Gi": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
        'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
      ],
    },
    {
      name: 'Service ports: range, names when several, protocol; nodePort on ClusterIP', group: '', resource: 'services',
      object: service({ ports: [{ port: 0 }, { port: 81, protocol: 'HTTP', nodePort: 30001 }] }),
      errors: [
        'spec.ports[0].name: Required value',
        'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.ports[1].name: Required value',
        'spec.ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
        "spec.ports[1].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
      ],
    },
    { name: 'an ExternalName Service needs its name', group: '', resource: 'services', object: service({ type: 'ExternalName' }), errors: ['spec.externalName: Required value'] },
    { name: 'a headless Service without ports', group: '', resource: 'services', object: service({ clusterIP: 'None', selector: { app: 'x' } }), errors: [] },
    {
      name: 'ResourceQuota with a malformed quantity', group: '', resource: 'resourcequotas',
      object: { metadata: { name: 'q' }, spec: { hard: { pods: 'two' } } },
      errors: [`spec.hard[pods]: Invalid value: "two": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`],
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      expect(rendered(createErrors(testCase.group, testCase.resource, testCase.object))).to.deep.equal(testCase.errors);
    });
  }
});

describe('strategies: updates', () => {
  it('refuses a changed Deployment selector as immutable', () => {
    const old = defaulted('apps', 'deployments', deployment());
    const next = defaulted('apps', 'deployments', deployment({ selector: { matchLabels: { app: 'web', v: '2' } }, template: template({ app: 'web', v: '2' }) }));
    expect(rendered(strategyFor('apps', 'deployments').validateUpdate(next, old))).to.deep.equal([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('allows changing a pod image but not other spec fields', () => {
    const old = defaulted('', 'pods', { metadata: { name: 'p' }, spec: { containers: [container()], nodeName: 'node-1' } });
    const newImage = structuredClone(old);
    newImage.spec.containers[0].image = 'pause';
    expect(strategyFor('', 'pods').validateUpdate(newImage, old)).to.deep.equal([]);
    const newPolicy = structuredClone(old);
    newPolicy.spec.dnsPolicy = 'Default';
    expect(strategyFor('', 'pods').validateUpdate(newPolicy, old).map((cause) => cause.field)).to.deep.equal(['spec']);
  });

  it('carries a Service clusterIP and nodePort over and refuses changing the clusterIP', () => {
    const old = defaulted('', 'services', service({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    old.spec.clusterIP = '127.96.3.4';
    old.spec.clusterIPs = ['127.96.3.4'];
    const next = defaulted('', 'services', service({ type: 'NodePort', ports: [{ port: 80 }] }));
    expect(strategyFor('', 'services').validateUpdate(next, old)).to.deep.equal([]);
    expect(next.spec.clusterIP).to.equal('127.96.3.4');
    expect(next.spec.ports[0].nodePort).to.equal(30080);
    const moved = structuredClone(next);
    moved.spec.clusterIP = '127.96.3.5';
    moved.spec.clusterIPs = ['127.96.3.5'];
    expect(rendered(strategyFor('', 'services').validateUpdate(moved, old))).to.deep.equal(['spec.clusterIPs[0]: Invalid value: "127.96.3.5": may not change once set']);
  });

  it('drops clusterIP and nodePorts when a Service becomes ExternalName', () => {
    const old = defaulted('', 'services', service({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    Object.assign(old.spec, { clusterIP: '127.96.3.4', clusterIPs: ['127.96.3.4'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    const next = structuredClone(old);
    next.spec.type = 'ExternalName';
    next.spec.externalName = 'example.com';
    strategyFor('', 'services').applyDefaults(next);
    expect(strategyFor('', 'services').validateUpdate(next, old)).to.deep.equal([]);
    expect(next.spec).to.not.have.any.keys('clusterIP', 'clusterIPs', 'ipFamilies', 'externalTrafficPolicy');
    expect(next.spec.ports[0]).to.not.have.property('nodePort');
  });
});
