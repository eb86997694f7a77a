import { expect } from 'chai';
import { isNotFound, RESOURCES, type KubeObject } from '../../client/index.ts';
import { scheduler } from '../../scheduler/index.ts';
import { controllerManager } from '../index.ts';
import { eventually, startControllerCluster, type ControllerCluster } from '../testing/controller-cluster.ts';

const NS = 'default';

describe('Endpoints and EndpointSlice controllers against a running cluster', function () {
  this.timeout(60_000);
  let cluster: ControllerCluster;

  before(async () => {
    cluster = await startControllerCluster([controllerManager, scheduler], { neverReady: ['never-ready'] });
  });
  after(async () => {
    await cluster?.stop();
  });

  const pod = (name: string, image: string, ports: { name: string; containerPort: number }[]) =>
    cluster.client.create(RESOURCES.pods, { metadata: { name, namespace: NS, labels: { app: 'ep' } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image, ports }] } });
  const slicesOf = async (service: string) => (await cluster.client.list(RESOURCES.endpointslices, NS, { labelSelector: `kubernetes.io/service-name=${service}` })).items as (KubeObject & { endpoints?: { addresses: string[]; conditions: Record<string, boolean>; targetRef?: { name: string } }[]; ports?: { port: number; name?: string }[] })[];

  it('lists ready and not-ready pods per resolved port in Endpoints and EndpointSlices', async () => {
    await pod('pod1', 'httpd', [{ name: 'web', containerPort: 3000 }]);
    await pod('pod2', 'never-ready', [{ name: 'web', containerPort: 3001 }]);
    await cluster.client.create(RESOURCES.services, { metadata: { name: 'named', namespace: NS, labels: { team: 'a' } }, spec: { selector: { app: 'ep' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] } });
    const endpoints = await eventually('both pods are listed', async () => {
      const current = await cluster.client.get(RESOURCES.endpoints, NS, 'named');
      const subsets = (current.subsets ?? []) as { addresses?: unknown[]; notReadyAddresses?: unknown[] }[];
      return subsets.length === 2 && subsets.some((s) => s.addresses) && subsets.some((s) => s.notReadyAddresses) ? current : undefined;
    });
    expect(endpoints.metadata.labels).to.deep.equal({ team: 'a' });
    const subsets = endpoints.subsets as { addresses?: { targetRef: { name: string } }[]; notReadyAddresses?: { targetRef: { name: string } }[]; ports: { name: string; port: number; protocol: string }[] }[];
    const ready = subsets.find((s) => s.addresses)!;
    expect(ready.addresses!.map((a) => a.targetRef.name)).to.deep.equal(['pod1']);
    expect(ready.ports).to.deep.equal([{ name: 'http', port: 3000, protocol: 'TCP' }]);
    expect(subsets.find((s) => s.notReadyAddresses)!.ports).to.deep.equal([{ name: 'http', port: 3001, protocol: 'TCP' }]);

    const slices = await eventually('two slices, one per port number', async () => {
      const current = await slicesOf('named');
      return current.length === 2 && current.every((s) => s.endpoints?.length === 1) ? current : undefined;
    });
    expect(slices.every((s) => s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === 'endpointslice-controller.k8s.io')).to.equal(true);
    const byPod = Object.fromEntries(slices.map((s) => [s.endpoints![0]!.targetRef!.name, s.endpoints![0]!.conditions]));
    expect(byPod).to.deep.equal({ pod1: { ready: true, serving: true, terminating: false }, pod2: { ready: false, serving: false, terminating: false } });
  });

  it('recreates a deleted slice and removes everything with the Service', async () => {
    const [first] = await slicesOf('named');
    await cluster.client.delete(RESOURCES.endpointslices, NS, String(first!.metadata.name));
    await eventually('the slice is recreated', async () => (await slicesOf('named')).length === 2 && !(await slicesOf('named')).some((s) => s.metadata.uid === first!.metadata.uid));
    await cluster.client.delete(RESOURCES.services, NS, 'named');
    await eventually('Endpoints and slices are gone', async () => {
      const endpointsGone = await cluster.client.get(RESOURCES.endpoints, NS, 'named').then(() => false, isNotFound);
      return endpointsGone && (await slicesOf('named')).length === 0;
    });
  });

  it('publishes not-ready pods as ready with publishNotReadyAddresses', async () => {
    await cluster.client.create(RESOURCES.services, { metadata: { name: 'publish', namespace: NS }, spec: { selector: { app: 'ep' }, publishNotReadyAddresses: true, ports: [{ port: 80, targetPort: 'web' }] } });
    await eventually('every address is ready', async () => {
      const slices = await slicesOf('publish');
      const endpoints = slices.flatMap((s) => s.endpoints ?? []);
      return endpoints.length === 2 && endpoints.every((e) => e.conditions.ready && e.conditions.serving);
    });
  });

  it('mirrors custom Endpoints of a selector-less Service into slices', async () => {
    await cluster.client.create(RESOURCES.services, { metadata: { name: 'custom', namespace: NS }, spec: { ports: [{ name: 'example', port: 80 }] } });
    await cluster.client.create(RESOURCES.endpoints, { metadata: { name: 'custom', namespace: NS }, subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ name: 'example', port: 80, protocol: 'TCP' }] }] });
    const mirrored = await eventually('one mirrored slice', async () => {
      const slices = await slicesOf('custom');
      return slices.length === 1 && slices[0]!.endpoints?.[0]?.addresses[0] === '10.1.2.3' ? slices[0] : undefined;
    });
    expect(mirrored.metadata.labels?.['endpointslice.kubernetes.io/managed-by']).to.equal('endpointslicemirroring-controller.k8s.io');
    expect(mirrored.ports).to.deep.equal([{ name: 'example', port: 80, protocol: 'TCP' }]);
    const current = await cluster.client.get(RESOURCES.endpoints, NS, 'custom');
    await cluster.client.update(RESOURCES.endpoints, { ...current, subsets: [{ addresses: [{ ip: '10.2.3.4' }], ports: [{ name: 'example', port: 80, protocol: 'TCP' }] }] });
    await eventually('exactly one slice carries the new address', async () => {
      const slices = await slicesOf('custom');
      return slices.length === 1 && slices[0]!.endpoints?.[0]?.addresses[0] === '10.2.3.4';
    });
    await cluster.client.delete(RESOURCES.endpoints, NS, 'custom');
    await eventually('no mirrored slice is left', async () => (await slicesOf('custom')).length === 0);
  });

  it('leaves hand-made Endpoints without a Service alone', async () => {
    const lonely = await cluster.client.create(RESOURCES.endpoints, { metadata: { name: 'testservice', namespace: NS, labels: { 'test-endpoint-static': 'true' } }, subsets: [{ addresses: [{ ip: '10.0.0.24' }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }] });
    await cluster.client.update(RESOURCES.endpoints, { ...lonely, metadata: { ...lonely.metadata, labels: { ...lonely.metadata.labels, 'test-service': 'updated' } } });
    // A Service created afterwards gets its Endpoints: the controller has caught up with the update above.
    await cluster.client.create(RESOURCES.services, { metadata: { name: 'sentinel', namespace: NS }, spec: { selector: { app: 'none' }, ports: [{ port: 80 }] } });
    await eventually('the sentinel Service has Endpoints', () => cluster.client.get(RESOURCES.endpoints, NS, 'sentinel'));
    const still = await cluster.client.get(RESOURCES.endpoints, NS, 'testservice');
    expect(still.metadata.labels).to.deep.equal({ 'test-endpoint-static': 'true', 'test-service': 'updated' });
  });
});
