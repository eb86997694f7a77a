import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { startCluster } from '../cluster.ts';
import type { RunningCluster } from '../cluster-types.ts';
import { eventually as waitUntil } from '../testing/eventually.ts';

/**
 * Issue #5's user scenario with real kubectl binaries against the whole reference cluster
 * (controllers, scheduler, kubelets, proxy, DNS): a Deployment of agnhost netexec rolls out,
 * its pods answer through the pod and service proxies, survive deletion and image rollbacks,
 * and probes act on them.
 */
const run = promisify(execFile);
const KUBECTL = (version: string): string => `/usr/lib/google-cloud-sdk/bin/kubectl.${version}`;
const AGNHOST = 'registry.k8s.io/e2e-test-images/agnhost';

const deployment = (image: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: netexec}
spec:
  replicas: 3
  selector: {matchLabels: {app: netexec}}
  template:
    metadata: {labels: {app: netexec}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: netexec
        image: ${image}
        args: [netexec, --http-port=8080, --udp-port=8081]
        ports: [{containerPort: 8080, name: http}]
        readinessProbe:
          exec: {command: [sh, -c, 'test ! -e /tmp/not-ready']}
          periodSeconds: 1
`;

const livenessPod = `
apiVersion: v1
kind: Pod
metadata: {name: liveness}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: busybox
    image: registry.k8s.io/e2e-test-images/busybox:1.36.1-1
    command: [/bin/sh, -c, 'echo ok >/tmp/health; sleep 1; rm -f /tmp/health; sleep 600']
    livenessProbe: {exec: {command: [cat, /tmp/health]}, periodSeconds: 1, failureThreshold: 1}
`;

for (const version of ['1.33', '1.29']) {
  describe(`kubectl ${version} scenario on the reference cluster`, function () {
    this.timeout(180_000);
    let cluster: RunningCluster;
    const dataDir = mkdtempSync(join(tmpdir(), 'kcert-scenario-'));
    const ns = `scenario-${version.replace('.', '-')}`;

    before(async function () {
      if (!existsSync(KUBECTL(version))) this.skip();
      cluster = await startCluster({ port: 0, dataDir, store: 'memory', nodes: 2, faults: [] });
      await kubectl(['create', 'namespace', ns]);
    });
    after(async () => {
      await cluster?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function kubectl(args: string[], input?: string): Promise<string> {
      const child = run(KUBECTL(version), args[0] === 'create' && args[1] === 'namespace' ? args : ['-n', ns, ...args], {
        env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath },
        timeout: 90_000,
      });
      if (input !== undefined) {
        child.child.stdin!.end(input);
      }
      return (await child).stdout;
    }

    const eventually = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> => waitUntil(what, probe, { timeoutMs, intervalMs: 250 });

    const podNames = async (): Promise<string[]> => (await kubectl(['get', 'pods', '-l', 'app=netexec', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').filter(Boolean);
    const proxied = (path: string): Promise<string> => kubectl(['get', '--raw', `/api/v1/namespaces/${ns}/${path}`]);

    it('rolls out a Deployment whose pods have distinct IPs and answer through the pod proxy', async () => {
      await kubectl(['apply', '-f', '-'], deployment(`${AGNHOST}:2.52`));
      await kubectl(['rollout', 'status', 'deployment/netexec', '--timeout=90s']);
      const ips = (await kubectl(['get', 'pods', '-l', 'app=netexec', '-o', 'jsonpath={.items[*].status.podIP}'])).split(' ');
      expect(new Set(ips).size).to.equal(3);
      for (const pod of await podNames()) expect(await proxied(`pods/${pod}:8080/proxy/hostname`)).to.equal(pod);
    });

    it('routes a Service to every pod and replaces a deleted pod', async () => {
      await kubectl(['expose', 'deployment/netexec', '--port=80', '--target-port=8080']);
      const pods = await podNames();
      const seen = new Set<string>();
      await eventually('the Service reaches all three pods', async () => {
        seen.add(await proxied('services/netexec:80/proxy/hostname'));
        return pods.every((pod) => seen.has(pod)) ? true : undefined;
      });
      await kubectl(['delete', 'pod', pods[0]!, '--wait=true']);
      await eventually('a replacement pod is ready', async () => {
        const now = await podNames();
        const ready = await kubectl(['get', 'deployment', 'netexec', '-o', 'jsonpath={.status.readyReplicas}']);
        return now.length === 3 && !now.includes(pods[0]!) && ready === '3' ? true : undefined;
      });
    });

    it('rolls forward with set image and back with rollout undo', async () => {
      await kubectl(['set', 'image', 'deployment/netexec', `netexec=${AGNHOST}:2.53`]);
      await kubectl(['rollout', 'status', 'deployment/netexec', '--timeout=90s']);
      await eventually('every pod runs 2.53', async () => ((await kubectl(['get', 'pods', '-l', 'app=netexec', '-o', 'jsonpath={.items[*].spec.containers[0].image}'])).split(' ').every((image) => image.endsWith(':2.53')) ? true : undefined));
      await kubectl(['rollout', 'undo', 'deployment/netexec']);
      await kubectl(['rollout', 'status', 'deployment/netexec', '--timeout=90s']);
      const images = await eventually('every pod runs 2.52 again', async () => {
        const list = (await kubectl(['get', 'pods', '-l', 'app=netexec', '-o', 'jsonpath={.items[*].spec.containers[0].image}'])).split(' ');
        return list.length === 3 && list.every((image) => image.endsWith(':2.52')) ? list : undefined;
      });
      expect(images).to.have.length(3);
    });

    it('restarts a container whose liveness probe fails', async () => {
      await kubectl(['apply', '-f', '-'], livenessPod);
      await eventually('a liveness restart', async () => (Number(await kubectl(['get', 'pod', 'liveness', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}'])) >= 1 ? true : undefined));
      expect(await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=liveness', '-o', 'jsonpath={.items[*].message}'])).to.contain('failed liveness probe, will be restarted');
    });

    it('attaches to a short-lived pod with run -i --rm', async () => {
      const out = await kubectl(['run', 'once', '-i', '--rm', '--restart=Never', '--image=registry.k8s.io/e2e-test-images/busybox:1.36.1-1', '--', 'sh', '-c', 'sleep 1; echo attached output']);
      expect(out).to.contain('attached output');
    });

    it('forwards a local port to a pod', async () => {
      const [pod] = await podNames();
      const localPort = 20000 + Math.floor(Math.random() * 20000);
      const child = spawn(KUBECTL(version), ['-n', ns, 'port-forward', `pod/${pod}`, `${localPort}:8080`], { env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath } });
      try {
        const body = await eventually('a forwarded request', async () => {
          const res = await fetch(`http://127.0.0.1:${localPort}/hostname`);
          return res.ok ? res.text() : undefined;
        }, 20_000);
        expect(body).to.equal(pod);
      } finally {
        child.kill();
      }
    });

    it('shows logs, and with exec takes a pod out of the Service when its readiness fails', async function () {
      const [pod] = await podNames();
      expect(await kubectl(['logs', pod!])).to.contain('Started HTTP server on port 8080');
      expect(await kubectl(['exec', pod!, '--', 'sh', '-c', 'touch /tmp/not-ready; hostname'])).to.equal(`${pod}\n`);
      await eventually('the unready pod leaves the EndpointSlice', async () => {
        const ready = await kubectl(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=netexec', '-o', 'jsonpath={range .items[*].endpoints[*]}{.targetRef.name}={.conditions.ready} {end}']);
        return ready.includes(`${pod}=false`) ? true : undefined;
      });
      for (let i = 0; i < 10; i++) expect(await proxied('services/netexec:80/proxy/hostname')).to.not.equal(pod);
    });
  });
}
