import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parse } from 'yaml';
import { listFaults } from './reference.js';

/** Black-box runs of `kcert reference serve`: ready line, HTTPS with the token, clean stop, restart. */
const KCERT = fileURLToPath(new URL('../../bin/kcert.js', import.meta.url));

interface Served {
  child: ChildProcess;
  output: () => string;
  kubeconfigPath: string;
}

async function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [KCERT, 'reference', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 30 s:\n${output}`)), 30_000);
    const check = () => {
      const ready = output.split('\n').find((entry) => entry.includes('ready'));
      if (ready) {
        clearTimeout(timer);
        resolve(ready);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  const kubeconfigPath = /kubeconfig: (\S+)/.exec(line)![1]!;
  return { child, output: () => output, kubeconfigPath };
}

async function stop(served: Served): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => served.child.once('exit', (code) => resolve(code)));
  served.child.kill('SIGTERM');
  return exited;
}

async function call(kubeconfigPath: string, method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  const config = parse(await readFile(kubeconfigPath, 'utf8'));
  const server = new URL(config.clusters[0].cluster.server);
  const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const token = config.users[0].user.token;
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), { method, ca, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('kcert reference serve', function () {
  this.timeout(90_000);
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kcert-serve-'));
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  it('serves HTTPS with the kubeconfig it writes, stops on SIGTERM and keeps its data across a restart', async () => {
    const first = await serve(['--data-dir', dataDir, '--store', 'sqlite', '--nodes', '1']);
    try {
      expect(first.kubeconfigPath).to.equal(join(dataDir, 'kubeconfig'));
      expect((await call(first.kubeconfigPath, 'GET', '/version')).status).to.equal(200);
      const created = await call(first.kubeconfigPath, 'POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'kept' }, data: { a: 'b' } }));
      expect(created.status).to.equal(201);
    } finally {
      expect(await stop(first)).to.equal(0);
    }
    expect(first.output()).to.contain('stopped');
    const second = await serve(['--data-dir', dataDir, '--store', 'sqlite', '--nodes', '1']);
    try {
      const kept = await call(second.kubeconfigPath, 'GET', '/api/v1/namespaces/default/configmaps/kept');
      expect(kept.status).to.equal(200);
      expect(JSON.parse(kept.body).data).to.deep.equal({ a: 'b' });
    } finally {
      expect(await stop(second)).to.equal(0);
    }
  });

  it('lists the faults --fault accepts', () => {
    expect(listFaults()).to.match(/^\S+\s+\S+\s+\S/);
  });
});
