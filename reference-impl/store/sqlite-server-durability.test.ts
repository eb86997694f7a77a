/**
 * kill -9 of a real `kcert reference serve --store sqlite`: client-node creates ConfigMaps from
 * several workers, the server is killed mid-stream, restarted on the same data dir, and every
 * acknowledged object must be there, resourceVersions must keep increasing, and a watch must
 * resume from the last resourceVersion the client saw.
 */
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const KCERT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/kcert.js');

interface ServeProcess {
  child: ChildProcess;
  kubeconfigPath: string;
  kill(): Promise<void>;
}

/** `kcert reference serve` on a free port; resolves once it prints that it is ready. */
async function serve(dataDir: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, [KCERT, 'reference', 'serve', '--store', 'sqlite', '--data-dir', dataDir, '--port', '0', '--nodes', '1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  try {
    const kubeconfigPath = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const ready = /ready at \S+; kubeconfig: (\S+)/.exec(line);
        if (ready) resolve(ready[1]!);
      });
      child.once('exit', (code) => reject(new Error(`kcert reference serve exited with ${code}: ${stderr}`)));
    });
    return { child, kubeconfigPath, kill };
  } catch (error) {
    await kill();
    throw error;
  }
}

function clientFor(server: ServeProcess): { kc: KubeConfig; core: CoreV1Api } {
  const kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfigPath);
  return { kc, core: kc.makeApiClient(CoreV1Api) };
}

describe('kcert reference serve on SQLite survives kill -9', function () {
  this.timeout(90_000);
  let dataDir: string;
  const servers: ServeProcess[] = [];

  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kcert-api-durability-'));
  });
  after(async () => {
    for (const server of servers) await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (): Promise<ServeProcess> => {
    const server = await serve(dataDir);
    servers.push(server);
    return server;
  };

  it('keeps every acknowledged object and resumes resourceVersions and watches', async () => {
    const first = await start();
    const { core } = clientFor(first);
    await core.createNamespace({ body: { metadata: { name: 'durable' } } });

    // Four writers create ConfigMaps until the server dies under them.
    const acknowledged = new Map<string, number>();
    let counter = 0;
    let killed = false;
    const writer = async (): Promise<void> => {
      while (!killed) {
        const name = `cm-${counter++}`;
        try {
          const created = await core.createNamespacedConfigMap({
            namespace: 'durable',
            body: { metadata: { name }, data: { n: name } },
          });
          acknowledged.set(name, Number(created.metadata!.resourceVersion));
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    const writers = Promise.all([writer(), writer(), writer(), writer()]);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (acknowledged.size >= 150) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    killed = true;
    await first.kill();
    await writers;
    expect(first.child.signalCode).to.equal('SIGKILL');

    const second = await start();
    const { kc, core: after } = clientFor(second);
    const lastSeen = Math.max(...acknowledged.values());
    const list = await after.listNamespacedConfigMap({ namespace: 'durable' });
    const stored = new Map(list.items.map((cm) => [cm.metadata!.name!, Number(cm.metadata!.resourceVersion)]));
    for (const [name, revision] of acknowledged) {
      expect(stored.get(name), `${name} (acknowledged at ${revision})`).to.equal(revision);
    }
    expect(Number(list.metadata!.resourceVersion)).to.be.at.least(lastSeen);

    // A client that saw lastSeen before the crash watches on from there.
    const events: Array<{ type: string; name: string; revision: number }> = [];
    let sawNew: () => void = () => {};
    const newArrived = new Promise<void>((resolve) => (sawNew = resolve));
    const controller = await new Watch(kc).watch(
      '/api/v1/namespaces/durable/configmaps',
      { resourceVersion: String(lastSeen) },
      (type, object: { metadata: { name: string; resourceVersion: string } }) => {
        events.push({ type, name: object.metadata.name, revision: Number(object.metadata.resourceVersion) });
        if (object.metadata.name === 'after-restart') sawNew();
      },
      () => {},
    );
    try {
      const created = await after.createNamespacedConfigMap({ namespace: 'durable', body: { metadata: { name: 'after-restart' } } });
      expect(Number(created.metadata!.resourceVersion)).to.be.greaterThan(lastSeen);
      await newArrived;
      // Only what happened after lastSeen: objects committed but never acknowledged, then the new one.
      for (const event of events) {
        expect(event.revision).to.be.greaterThan(lastSeen);
        expect(acknowledged.has(event.name), `${event.name} was acknowledged before lastSeen`).to.equal(false);
      }
      expect(events[events.length - 1]).to.deep.include({ type: 'ADDED', name: 'after-restart' });
    } finally {
      controller.abort();
    }
  });
});
