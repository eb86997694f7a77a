import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, Watch } from '@kubernetes/client-node';
import { expect } from 'chai';
import { etcdBinaryAvailable, type LocalEtcd, startLocalEtcd } from '../store/etcd-process.ts';
import { openStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { startTestApiServer, type TestApiServer } from './testing/test-api-server.ts';

/**
 * The API semantics that lean on the store (resourceVersions, snapshot paging, watch replay,
 * finalizer deletion) through the API server on the SQLite and etcd backends too; the memory
 * backend runs the full semantics suite in server.test.ts.
 */
const BACKENDS: Array<{ name: string; open: () => Promise<{ store: Store; cleanup: () => Promise<void> }> }> = [
  {
    name: 'sqlite',
    open: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'kcert-api-sqlite-'));
      return { store: await openStore({ kind: 'sqlite', dataDir: dir }), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'etcd',
    open: async () => {
      const etcd: LocalEtcd = await startLocalEtcd();
      return { store: await openStore({ kind: 'etcd', etcdEndpoints: [etcd.endpoint], etcdKeyPrefix: '/kcert-test' }), cleanup: () => etcd.stop() };
    },
  },
];

for (const backend of BACKENDS) {
  describe(`reference API server on the ${backend.name} store`, function () {
    this.timeout(60_000);
    let server: TestApiServer;
    let cleanup: (() => Promise<void>) | undefined;
    let core: CoreV1Api;

    before(async function () {
      if (backend.name === 'etcd' && !etcdBinaryAvailable()) {
        console.log('    etcd binary not found: skipped');
        this.skip();
      }
      const opened = await backend.open();
      cleanup = opened.cleanup;
      server = await startTestApiServer({ store: opened.store });
      core = server.kubeConfig.makeApiClient(CoreV1Api);
    });
    after(async () => {
      await server?.stop();
      await cleanup?.();
    });

    it('creates, pages, watches from a resourceVersion and deletes once finalizers go', async () => {
      await core.createNamespace({ body: { metadata: { name: 'backend' } } });
      const start = await core.listNamespacedConfigMap({ namespace: 'backend' });
      for (let i = 0; i < 5; i++) await core.createNamespacedConfigMap({ namespace: 'backend', body: { metadata: { name: `cm-${i}` } } });
      const page = await core.listNamespacedConfigMap({ namespace: 'backend', limit: 2 });
      const rest = await core.listNamespacedConfigMap({ namespace: 'backend', limit: 10, _continue: page.metadata!._continue });
      expect([...page.items, ...rest.items].map((cm) => cm.metadata?.name)).to.deep.equal(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);

      const seen: string[] = [];
      let done!: () => void;
      const all = new Promise<void>((resolve) => (done = resolve));
      const controller = await new Watch(server.kubeConfig).watch(
        '/api/v1/namespaces/backend/configmaps',
        { resourceVersion: start.metadata!.resourceVersion },
        (type, object) => {
          seen.push(`${type} ${object.metadata.name}`);
          if (seen.length === 8) done();
        },
        () => {},
      );
      await core.createNamespacedConfigMap({ namespace: 'backend', body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
      await core.deleteNamespacedConfigMap({ namespace: 'backend', name: 'held' });
      const held = await core.readNamespacedConfigMap({ namespace: 'backend', name: 'held' });
      await core.replaceNamespacedConfigMap({ namespace: 'backend', name: 'held', body: { ...held, metadata: { ...held.metadata, finalizers: [] } } });
      await all;
      controller.abort();
      expect(seen).to.deep.equal(['ADDED cm-0', 'ADDED cm-1', 'ADDED cm-2', 'ADDED cm-3', 'ADDED cm-4', 'ADDED held', 'MODIFIED held', 'DELETED held']);
      const gone = await server.request('GET', '/api/v1/namespaces/backend/configmaps/held');
      expect(gone.status).to.equal(404);
    });
  });
}
