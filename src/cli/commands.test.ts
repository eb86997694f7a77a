import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { IMAGES } from '../framework/images.js';
import { FakeApiServer } from './testing/fake-api-server.js';
import { writeInlineSuite } from './testing/inline-suite.js';
import { runCli } from './testing/run-cli.js';

describe('kcert list, images and cleanup (black box)', function () {
  this.timeout(60_000);
  let dir: string;
  let server: FakeApiServer;
  let kubeconfig: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcert-commands-'));
    server = new FakeApiServer();
    await server.start();
    kubeconfig = join(dir, 'kubeconfig');
    await server.writeKubeconfig(kubeconfig);
  });

  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('list --format json prints id, area, profile, upstream and description of every test', async () => {
    const env = { KCERT_SUITES: await writeInlineSuite(join(dir, 'suite')) };
    const result = await runCli(['list', '--format', 'json'], env);
    expect(result.code, result.stderr).to.equal(0);
    const entries = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(entries.map((entry) => entry.id)).to.deep.equal(['passes', 'fails', 'errors', 'skipped', 'waits-for-interrupt']);
    expect(entries[0]).to.include.keys('id', 'area', 'profile', 'upstream', 'description');
  });

  it('images lists the image table, remapped by --image-repository and an images file', async () => {
    const plain = await runCli(['images', '--format', 'json']);
    expect(JSON.parse(plain.stdout)).to.deep.equal(IMAGES);
    const file = join(dir, 'images.yaml');
    await writeFile(file, 'busybox: mirror.local/tools/busybox:1.36\n');
    const remapped = await runCli(['images', '--format', 'json', '--image-repository', 'mirror.local/k8s', '--images-file', file]);
    const table = JSON.parse(remapped.stdout) as Record<string, string>;
    expect(table.agnhost).to.equal(`mirror.local/k8s/${IMAGES.agnhost.split('/').pop()}`);
    expect(table.busybox).to.equal('mirror.local/tools/busybox:1.36');
    await writeFile(file, 'no-such-image: x\n');
    const bad = await runCli(['images', '--images-file', file]);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/unknown image name\(s\) no-such-image/);
  });

  it('cleanup deletes namespaces of earlier runs by label, and only those', async () => {
    server.namespaces.set('kcert-old-1', { metadata: { name: 'kcert-old-1', labels: { 'kcert.io/run-id': 'run-a' } } });
    server.namespaces.set('kcert-old-2', { metadata: { name: 'kcert-old-2', labels: { 'kcert.io/run-id': 'run-b' } } });
    server.namespaces.set('kcert-lookalike', { metadata: { name: 'kcert-lookalike', labels: {} } });
    const one = await runCli(['cleanup', '--kubeconfig', kubeconfig, '--run-id', 'run-a']);
    expect(one.code, one.stderr).to.equal(0);
    expect([...server.namespaces.keys()].sort()).to.deep.equal(['kcert-lookalike', 'kcert-old-2']);
    const all = await runCli(['cleanup', '--kubeconfig', kubeconfig]);
    expect(all.stdout).to.include('deleted kcert-old-2');
    expect([...server.namespaces.keys()]).to.deep.equal(['kcert-lookalike']);
    const nothing = await runCli(['cleanup', '--kubeconfig', kubeconfig]);
    expect(nothing.stdout).to.include('nothing to clean up');
  });
});
