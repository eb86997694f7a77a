import { defineConformanceTest } from '../../src/catalog/types.js';
import {
  allOf, deployment, expectThat, fieldEquals, hasLabel, labelled, readyReplicas, strategicMerge, templateImage, updatedReplicas,
  type Predicate, type WatchEventType,
} from '../../src/framework/index.js';
import type { V1Deployment } from '@kubernetes/client-node';

const STATIC = { 'test-deployment-static': 'true' };

export default defineConformanceTest({
  id: 'deployment-lifecycle',
  area: 'deployment',
  profile: 'core',
  features: ['Deployment', 'Watch'],
  upstream: ['[sig-apps] Deployment should run the lifecycle of a Deployment [Conformance]'],
  description:
    'A Deployment MUST be creatable, patchable, replaceable without a resourceVersion, readable and patchable through /status (which ignores metadata changes), listable across namespaces and deletable by collection, and a watch started from an earlier list MUST replay every change.',
  brokenBy: ['watch-no-replay', 'deployment-status-not-updated'],
  async run(t) {
    const { resourceVersion } = await t.listWithVersion(labelled('apps/v1', 'Deployment', STATIC, { allNamespaces: true }));
    // Like upstream's watchtools.Until, every wait opens a new watch from the first list's resourceVersion:
    // the API must replay everything since then.
    const replay = (type: WatchEventType | undefined, predicate: Predicate<V1Deployment> | undefined, ms: number) =>
      t.watch(labelled<V1Deployment>('apps/v1', 'Deployment', STATIC), { resourceVersion }).then((events) => events.waitForEvent(type, predicate, ms).finally(() => events.stop()));
    const ready = (n: number, image?: string) =>
      allOf(readyReplicas(n), updatedReplicas(n), fieldEquals('no unavailable replicas', 'status.unavailableReplicas', 0), ...(image ? [templateImage(image)] : []));
    const manifest = deployment('test-deployment', { replicas: 2, image: t.images.agnhost, containerName: 'test-deployment', labels: STATIC, terminationGracePeriodSeconds: 1 });
    const web = await t.create(manifest);
    await t.step('the watch shows it ADDED, then 2 ready replicas', async () => {
      await replay('ADDED', hasLabel('test-deployment-static', 'true'), t.scaled(30_000));
      await replay(undefined, readyReplicas(2), t.timeout('podStart'));
    });
    await t.step('a strategic-merge patch to 1 pause replica rolls out', async () => {
      const patch = { metadata: { labels: { 'test-deployment': 'patched' } }, spec: { replicas: 1, template: { spec: { terminationGracePeriodSeconds: 2, containers: [{ name: 'test-deployment', image: t.images.pause }] } } } };
      await t.patch(web, strategicMerge(patch));
      await replay('MODIFIED', undefined, t.scaled(30_000));
      await replay(undefined, allOf(ready(1, t.images.pause), fieldEquals('terminationGracePeriodSeconds 2', 'spec.template.spec.terminationGracePeriodSeconds', 2)), t.timeout('podStart'));
    });
    await t.step('a list across all namespaces finds it', async () => {
      const found = (await t.list(labelled('apps/v1', 'Deployment', STATIC, { allNamespaces: true }))).filter((d) => d.metadata?.name === 'test-deployment' && d.metadata?.namespace === t.namespace);
      expectThat(found[0], hasLabel('test-deployment-static', 'true'), 'the cluster-wide list of Deployments');
    });
    await t.step('an unconditional PUT (no resourceVersion) to 2 httpd replicas is applied', async () => {
      const replacement = { ...manifest, metadata: { ...manifest.metadata, labels: { ...STATIC, 'test-deployment': 'updated' } } };
      replacement.spec = { ...manifest.spec!, replicas: 2, template: { ...manifest.spec!.template, spec: { ...manifest.spec!.template.spec!, containers: [{ name: 'test-deployment', image: t.images.httpd }] } } };
      await t.update(replacement);
      await replay('MODIFIED', undefined, t.scaled(30_000));
      expectThat(await t.get(web, 'status'), allOf(templateImage(t.images.httpd), hasLabel('test-deployment', 'updated')), 'GET deployments/test-deployment/status');
      await replay(undefined, ready(2), t.timeout('podStart'));
    });
    await t.step('a status patch is applied but its metadata changes are ignored', async () => {
      await t.patch(web, strategicMerge({ metadata: { labels: { 'test-deployment': 'patched-status' } }, status: { readyReplicas: 0, availableReplicas: 0 } }), 'status');
      await replay('MODIFIED', undefined, t.scaled(30_000));
      expectThat(await t.get(web, 'status'), allOf(templateImage(t.images.httpd), hasLabel('test-deployment', 'updated')), 'GET deployments/test-deployment/status');
      await replay(undefined, ready(2, t.images.httpd), t.timeout('podStart'));
    });
    await t.step('deleting the collection by label produces a DELETED event', async () => {
      await t.deleteCollection(labelled('apps/v1', 'Deployment', STATIC), { gracePeriodSeconds: 1 });
      await replay('DELETED', hasLabel('test-deployment-static', 'true'), t.scaled(60_000));
    });
  },
});
