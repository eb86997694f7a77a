import { expect } from 'chai';
import { applyStrategicMergePatch } from './strategic-merge.js';
import { PatchError } from './patch-error.js';

const container = (name: string, image: string, extra: Record<string, unknown> = {}) => ({ name, image, ...extra });
const deployment = (spec: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec });
const podTemplate = (containers: unknown[]) => ({ template: { spec: { containers } } });
const containersOf = (object: Record<string, unknown>) =>
  ((object.spec as any).template.spec.containers as Array<Record<string, unknown>>);

describe('strategic merge patch', () => {
  const cases: Array<{ name: string; current: Record<string, unknown>; patch: unknown; model?: string; expect: (result: any) => void }> = [
    {
      name: 'merges containers by name and puts patch-only items first (ReplicaSet Replace and Patch test)',
      current: deployment(podTemplate([container('httpd', 'httpd')])),
      patch: { spec: { template: { spec: { containers: [{ name: 'test-rs', image: 'pause' }] } } } },
      expect: (result) => expect(containersOf(result).map((c) => c.name)).to.deep.equal(['test-rs', 'httpd']),
    },
    {
      name: 'updates the container with the same name; without $setElementOrder patched items lead, as upstream orders them',
      current: deployment(podTemplate([container('a', 'one'), container('b', 'two')])),
      patch: { spec: { template: { spec: { containers: [{ name: 'b', image: 'three' }] } } } },
      expect: (result) => expect(containersOf(result).map((c) => c.image)).to.deep.equal(['three', 'one']),
    },
    {
      name: 'deletes a list item with $patch: delete',
      current: deployment(podTemplate([container('a', 'one'), container('b', 'two')])),
      patch: { spec: { template: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } } } },
      expect: (result) => expect(containersOf(result).map((c) => c.name)).to.deep.equal(['b']),
    },
    {
      name: 'replaces a whole list with a $patch: replace element',
      current: deployment(podTemplate([container('a', 'one'), container('b', 'two')])),
      patch: { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'c', image: 'x' }] } } } },
      expect: (result) => expect(containersOf(result)).to.deep.equal([{ name: 'c', image: 'x' }]),
    },
    {
      name: 'merges env by name and ports by containerPort',
      current: deployment(podTemplate([container('a', 'i', { env: [{ name: 'X', value: '1' }], ports: [{ containerPort: 80 }] })])),
      patch: { spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'Y', value: '2' }], ports: [{ containerPort: 80, name: 'http' }] }] } } } },
      expect: (result) => {
        expect(containersOf(result)[0]!.env).to.deep.equal([{ name: 'Y', value: '2' }, { name: 'X', value: '1' }]);
        expect(containersOf(result)[0]!.ports).to.deep.equal([{ containerPort: 80, name: 'http' }]);
      },
    },
    {
      name: 'replaces lists without a patch strategy (args, tolerations)',
      current: deployment(podTemplate([container('a', 'i', { args: ['x', 'y'] })])),
      patch: { spec: { template: { spec: { containers: [{ name: 'a', args: ['z'] }] } } } },
      expect: (result) => expect(containersOf(result)[0]!.args).to.deep.equal(['z']),
    },
    {
      name: '$retainKeys drops rollingUpdate when switching to Recreate',
      current: deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } }),
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      expect: (result) => expect(result.spec.strategy).to.deep.equal({ type: 'Recreate' }),
    },
    {
      name: 'a volume switching source: $retainKeys with the old source set to null (kubectl apply)',
      current: deployment({ template: { spec: { containers: [], volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'cfg', configMap: { name: 'cfg' } }] } } }),
      patch: { spec: { template: { spec: {
        '$setElementOrder/volumes': [{ name: 'tmp' }],
        volumes: [{ $retainKeys: ['hostPath', 'name'], emptyDir: null, hostPath: { path: '/tmp' }, name: 'tmp' }, { $patch: 'delete', name: 'cfg' }],
      } } } },
      expect: (result) => expect(result.spec.template.spec.volumes).to.deep.equal([{ name: 'tmp', hostPath: { path: '/tmp' } }]),
    },
    {
      name: 'null deletes a map key (labels)',
      current: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: '1', b: '2' } } },
      patch: { metadata: { labels: { a: null, c: '3' } } },
      expect: (result) => expect(result.metadata.labels).to.deep.equal({ b: '2', c: '3' }),
    },
    {
      name: 'merges finalizers as a set and $deleteFromPrimitiveList removes members',
      current: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['a', 'b'] } },
      patch: { metadata: { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a'] } },
      expect: (result) => expect(result.metadata.finalizers).to.deep.equal(['c', 'b']),
    },
    {
      name: '$setElementOrder orders the merged list',
      current: deployment(podTemplate([container('a', 'one'), container('b', 'two')])),
      patch: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'a', image: 'new' }] } } } },
      expect: (result) => expect(containersOf(result).map((c) => `${c.name}:${c.image}`)).to.deep.equal(['b:two', 'a:new']),
    },
    {
      name: 'merges status conditions by type (pods/status readiness gates)',
      current: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
      patch: { status: { conditions: [{ type: 'gate', status: 'True' }] } },
      expect: (result) => expect(result.status.conditions.map((c: any) => c.type)).to.deep.equal(['gate', 'Ready']),
    },
    {
      name: '$patch: replace on a map replaces it',
      current: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2' } },
      patch: { data: { $patch: 'replace', c: '3' } },
      expect: (result) => expect(result.data).to.deep.equal({ c: '3' }),
    },
    {
      name: 'unknown kinds merge maps and replace lists',
      current: { apiVersion: 'x/v1', kind: 'Thing', spec: { list: [1, 2], keep: true } },
      patch: { spec: { list: [3] } },
      expect: (result) => expect(result.spec).to.deep.equal({ list: [3], keep: true }),
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const current = structuredClone(testCase.current);
      const model = testCase.current.kind === 'Deployment' ? 'V1Deployment' : testCase.current.kind === 'Pod' ? 'V1Pod' : testCase.current.kind === 'ConfigMap' ? 'V1ConfigMap' : undefined;
      const result = applyStrategicMergePatch(current, JSON.stringify(testCase.patch), model);
      testCase.expect(result);
      expect(current, 'input left unchanged').to.deep.equal(testCase.current);
    });
  }

  it('refuses a body that is not an object with 400 and a list item without its merge key with 422', () => {
    expect(() => applyStrategicMergePatch({}, '[1]', 'V1Pod')).to.throw(PatchError).with.property('status', 400);
    expect(() => applyStrategicMergePatch({}, '{"spec":{"containers":[{"image":"x"}]}}', 'V1Pod')).to.throw(PatchError).with.property('status', 422);
  });
});
