import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { expect } from 'chai';
import { ConfigError } from '../errors.js';
import { kubeconfigSources, loadKubeconfig } from './kubeconfig.js';

const config = (context: string, server: string) => `apiVersion: v1
kind: Config
current-context: ${context}
clusters: [{ name: ${context}, cluster: { server: '${server}' } }]
users: [{ name: ${context}, user: { token: t } }]
contexts: [{ name: ${context}, context: { cluster: ${context}, user: ${context} } }]
`;

describe('loadKubeconfig', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcert-kubeconfig-'));
    await writeFile(join(dir, 'a'), config('alpha', 'https://127.0.0.1:1'));
    await writeFile(join(dir, 'b'), config('beta', 'https://127.0.0.1:2'));
    await writeFile(join(dir, 'broken'), 'clusters: [');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('looks where kubectl looks: --kubeconfig, then KUBECONFIG (a list), then ~/.kube/config', () => {
    expect(kubeconfigSources({ kubeconfig: 'x', env: { KUBECONFIG: 'y' } })).to.deep.equal(['x']);
    expect(kubeconfigSources({ env: { KUBECONFIG: `y${delimiter}z` } })).to.deep.equal(['y', 'z']);
    expect(kubeconfigSources({ env: {}, home: '/home/u' })).to.deep.equal(['/home/u/.kube/config']);
  });

  it('merges KUBECONFIG files, the first current-context wins, and --context picks another', () => {
    const env = { KUBECONFIG: `${join(dir, 'a')}${delimiter}${join(dir, 'b')}` };
    expect(loadKubeconfig({ env }).getCurrentCluster()?.server).to.equal('https://127.0.0.1:1');
    expect(loadKubeconfig({ env, context: 'beta' }).getCurrentCluster()?.server).to.equal('https://127.0.0.1:2');
  });

  it('fails with one sentence saying what to do', () => {
    expect(() => loadKubeconfig({ kubeconfig: join(dir, 'missing') })).to.throw(ConfigError, /does not exist; pass an existing file/);
    expect(() => loadKubeconfig({ env: {}, home: dir })).to.throw(ConfigError, /no kubeconfig found .*--reference/);
    expect(() => loadKubeconfig({ kubeconfig: join(dir, 'broken') })).to.throw(ConfigError, /cannot read kubeconfig/);
    expect(() => loadKubeconfig({ kubeconfig: join(dir, 'a'), context: 'gamma' })).to.throw(ConfigError, /unknown context "gamma".*alpha/);
  });
});
