import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { startTestApiServer, type TestApiServer } from './testing/test-api-server.ts';

/**
 * Real kubectl binaries against the API server alone (no controllers): every command of the
 * issue's list on 1.33 and 1.29, reads and writes on 1.27 (which validates through the OpenAPI v2
 * protobuf document). Skips with one line when kubectl is missing.
 */
const KUBECTL_DIR = process.env.KCERT_KUBECTL_DIR ?? '/usr/lib/google-cloud-sdk/bin';
const binary = (minor: number) => `${KUBECTL_DIR}/kubectl.1.${minor}`;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

const deploymentYaml = (name: string, replicas: number, image = 'registry.k8s.io/pause:3.9') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}, tier: web}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        image: ${image}
        ports:
        - containerPort: 80
`;

const configMapYaml = (name: string, value: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  labels: {kind: settings}
data:
  key: ${value}
`;

for (const { minor, full } of [
  { minor: 33, full: true },
  { minor: 29, full: true },
  { minor: 27, full: false },
]) {
  describe(`kubectl 1.${minor} against the reference API server`, function () {
    this.timeout(60_000);
    let server: TestApiServer;
    const ns = `kubectl-${minor}`;
    const validate: string[] = [];

    before(async function () {
      if (!existsSync(binary(minor))) {
        console.log(`    kubectl 1.${minor} not found at ${binary(minor)}: skipped`);
        this.skip();
      }
      server = await startTestApiServer();
    });
    after(async () => server?.stop());

    function kubectl(args: string[], input?: string): Promise<Result> {
      return new Promise((resolve) => {
        const child = execFile(binary(minor), ['--kubeconfig', server.kubeconfigPath, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
        });
        if (input !== undefined) child.stdin!.end(input);
      });
    }

    async function ok(args: string[], input?: string): Promise<string> {
      const result = await kubectl(args, input);
      expect(result.code, `kubectl ${args.join(' ')}\n${result.stderr}`).to.equal(0);
      return result.stdout;
    }

    it('reads cluster info, resources and namespaces', async () => {
      await ok(['create', 'namespace', ns]);
      // Older kubectl colours its output even when it is not a terminal.
      const info = (await ok(['cluster-info'])).replace(/\u001b\[[0-9;]*m/g, '');
      expect(info).to.contain('Kubernetes control plane is running at https://127.0.0.1:');
      const resources = await ok(['api-resources']);
      expect(resources).to.match(/deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/);
      expect(await ok(['get', 'namespaces'])).to.match(/kube-system\s+Active/);
      expect(await ok(['auth', 'can-i', 'create', 'pods'])).to.equal('yes\n');
    });

    it('creates and applies (client-side and server-side) with default validation', async () => {
      expect(await ok(['apply', ...validate, '-n', ns, '-f', '-'], deploymentYaml('web', 1))).to.contain('deployment.apps/web created');
      expect(await ok(['apply', ...validate, '-n', ns, '-f', '-'], deploymentYaml('web', 2))).to.contain('deployment.apps/web configured');
      expect(await ok(['create', ...validate, '-n', ns, '-f', '-'], configMapYaml('settings', 'one'))).to.contain('configmap/settings created');
      await ok(['create', 'configmap', 'literal', '-n', ns, '--from-literal=a=b']);
      if (full) {
        expect(await ok(['apply', '--server-side', '-n', ns, '-f', '-'], configMapYaml('ssa', 'x'))).to.contain('configmap/ssa serverside-applied');
        await ok(['create', 'deployment', 'typed', '-n', ns, '--image=registry.k8s.io/pause:3.9', '--replicas=0']);
        const refused = await kubectl(['create', '-n', ns, '-f', '-'], configMapYaml('strict', 'x').replace('\ndata:', '\nbogus: 1\ndata:'));
        expect(refused.stderr, refused.stderr).to.contain('unknown field "bogus"');
      }
      const deployment = JSON.parse(await ok(['get', 'deployment', 'web', '-n', ns, '-o', 'json']));
      expect(deployment.spec.replicas).to.equal(2);
      expect(deployment.spec.strategy.rollingUpdate).to.deep.equal({ maxSurge: '25%', maxUnavailable: '25%' });
    });

    it('gets tables, wide tables, YAML, label and field selections across namespaces', async () => {
      expect(await ok(['get', 'deployments', '-n', ns])).to.match(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n(.*\n)*web\s+0\/2/);
      expect(await ok(['get', 'deployments', '-n', ns, '-o', 'wide'])).to.match(/CONTAINERS\s+IMAGES\s+SELECTOR[\s\S]*main\s+registry.k8s.io\/pause:3.9\s+app=web/);
      expect(await ok(['get', 'configmap', 'settings', '-n', ns, '-o', 'yaml'])).to.contain('key: one');
      expect(await ok(['get', 'configmaps', '-n', ns, '-l', 'kind=settings', '-o', 'name'])).to.match(/^configmap\/settings\n/);
      expect(await ok(['get', 'configmaps', '-n', ns, '--field-selector', 'metadata.name=literal', '-o', 'name'])).to.equal('configmap/literal\n');
      const vip = server.network.kubernetesServiceIP.replace(/\./g, '\\.');
      expect(await ok(['get', 'services', '-A'])).to.match(new RegExp(`NAMESPACE\\s+NAME\\s+TYPE\\s+CLUSTER-IP[\\s\\S]*default\\s+kubernetes\\s+ClusterIP\\s+${vip}`));
    });

    it('replaces, patches (strategic, merge, json), labels, annotates and scales', async () => {
      await ok(['replace', ...validate, '-n', ns, '-f', '-'], configMapYaml('settings', 'two'));
      await ok(['patch', 'configmap', 'settings', '-n', ns, '-p', '{"data":{"strategic":"yes"}}']);
      await ok(['patch', 'configmap', 'settings', '-n', ns, '--type', 'merge', '-p', '{"data":{"merge":"yes"}}']);
      await ok(['patch', 'configmap', 'settings', '-n', ns, '--type', 'json', '-p', '[{"op":"add","path":"/data/json","value":"yes"}]']);
      await ok(['label', 'configmap', 'settings', '-n', ns, 'color=blue']);
      await ok(['annotate', 'configmap', 'settings', '-n', ns, 'note=hello']);
      const settings = JSON.parse(await ok(['get', 'configmap', 'settings', '-n', ns, '-o', 'json']));
      expect(settings.data).to.deep.equal({ key: 'two', strategic: 'yes', merge: 'yes', json: 'yes' });
      expect(settings.metadata.labels.color).to.equal('blue');
      expect(settings.metadata.annotations.note).to.equal('hello');
      await ok(['patch', 'deployment', 'web', '-n', ns, '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"registry.k8s.io/pause:3.10"}]}}}}']);
      await ok(['scale', 'deployment', 'web', '-n', ns, '--replicas=3']);
      const web = JSON.parse(await ok(['get', 'deployment', 'web', '-n', ns, '-o', 'json']));
      expect(web.spec.replicas).to.equal(3);
      expect(web.spec.template.spec.containers[0].image).to.equal('registry.k8s.io/pause:3.10');
      expect(web.metadata.generation).to.equal(4);
    });

    it('watches with get -w', async function () {
      const child = spawn(binary(minor), ['--kubeconfig', server.kubeconfigPath, 'get', 'configmaps', '-n', ns, '-w', '--output-watch-events', '-l', 'kind=settings']);
      let output = '';
      const waiters = new Set<() => void>();
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        for (const waiter of waiters) waiter();
      });
      const seen = (text: string) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`watch output never showed ${text}:\n${output}`)), 20_000);
          const check = () => {
            if (!output.includes(text)) return;
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          };
          waiters.add(check);
          check();
        });
      try {
        await seen('settings');
        await ok(['label', 'configmap', 'settings', '-n', ns, 'color=green', '--overwrite']);
        await seen('MODIFIED');
      } finally {
        child.kill();
      }
    });

    it('deletes with cascade foreground, orphan and background', async () => {
      if (!full) {
        await ok(['delete', 'configmap', 'settings', '-n', ns]);
        return;
      }
      await ok(['delete', 'deployment', 'web', '-n', ns, '--cascade=foreground', '--wait=false']);
      const foreground = JSON.parse(await ok(['get', 'deployment', 'web', '-n', ns, '-o', 'json']));
      expect(foreground.metadata.finalizers).to.include('foregroundDeletion');
      expect(foreground.metadata.deletionTimestamp).to.be.a('string');
      await ok(['delete', 'deployment', 'typed', '-n', ns, '--cascade=orphan', '--wait=false']);
      expect(JSON.parse(await ok(['get', 'deployment', 'typed', '-n', ns, '-o', 'json'])).metadata.finalizers).to.include('orphan');
      await ok(['delete', 'configmap', 'settings', '-n', ns, '--cascade=background', '--wait']);
      expect((await kubectl(['get', 'configmap', 'settings', '-n', ns])).stderr).to.contain('NotFound');
    });

    it('explains fields from OpenAPI', async function () {
      expect(await ok(['explain', 'deployment.spec.replicas'])).to.match(/FIELD:\s+replicas/);
    });
  });
}
