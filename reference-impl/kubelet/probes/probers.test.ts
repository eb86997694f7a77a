import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Server as GrpcServer, ServerCredentials } from '@grpc/grpc-js';
import { HEALTH_SERVICE, NOT_SERVING, SERVING } from '../images/agnhost/grpc-health.ts';
import { runProbe, type ProbeTarget } from './probers.ts';

/** Probe handlers against real sockets on 127.0.0.1. */
describe('probe handlers', () => {
  let http: Server;
  let port = 0;
  let grpc: GrpcServer;
  let grpcPort = 0;
  let serving = SERVING;

  before(async () => {
    http = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/ok') return res.end('fine');
      if (url.pathname === '/fail') return (res.statusCode = 500), res.end('boom');
      if (url.pathname === '/moved') return res.writeHead(302, { Location: '/ok' }), res.end();
      if (url.pathname === '/away') return res.writeHead(302, { Location: 'http://0.0.0.0/' }), res.end('<a href="http://0.0.0.0/">Found</a>.');
      if (url.pathname === '/loop') return res.writeHead(302, { Location: '/loop' }), res.end();
      if (url.pathname === '/ua') return res.end(String(req.headers['user-agent']));
      if (url.pathname === '/slow') return void setTimeout(() => res.end('late'), 500);
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    port = (http.address() as AddressInfo).port;
    grpc = new GrpcServer();
    grpc.addService(HEALTH_SERVICE, { Check: (_call: unknown, callback: (e: null, v: number) => void) => callback(null, serving) });
    grpcPort = await new Promise<number>((resolve, reject) => grpc.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  });
  after(() => {
    http.closeAllConnections();
    http.close();
    grpc.forceShutdown();
  });

  const target = (exitCode = 0, delayMs = 0): ProbeTarget => ({
    podIP: '127.0.0.1',
    namedPorts: { web: port },
    kubeletVersion: 'v1.33.0',
    exec: (_argv, signal) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ stdout: exitCode ? 'cat: no such file\n' : 'ok\n', stderr: '', exitCode }), delayMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve({ stdout: '', stderr: '', exitCode: 124 });
        });
      }),
  });

  it('httpGet: 2xx/3xx succeed, 500 fails, named ports resolve, kube-probe user agent', async () => {
    expect((await runProbe({ httpGet: { path: '/ok', port: 'web' } }, target(), 1000)).result).to.equal('success');
    expect(await runProbe({ httpGet: { path: '/fail', port } }, target(), 1000)).to.deep.equal({ result: 'failure', message: 'HTTP probe failed with statuscode: 500' });
    expect((await runProbe({ httpGet: { path: '/moved', port } }, target(), 1000)).result).to.equal('success');
    expect((await runProbe({ httpGet: { path: '/slow', port } }, target(), 100)).result).to.equal('failure');
    expect((await runProbe({ httpGet: { path: '/ok', port: port + 1 === grpcPort ? port + 2 : port + 1 } }, target(), 1000)).message).to.contain('connection refused');
  });

  it('httpGet: an off-host redirect succeeds with a warning; endless same-host redirects fail', async () => {
    const away = await runProbe({ httpGet: { path: '/away', port } }, target(), 1000);
    expect(away).to.deep.equal({ result: 'success', message: '', warning: 'Probe terminated redirects, Response body: <a href="http://0.0.0.0/">Found</a>.' });
    const loop = await runProbe({ httpGet: { path: '/loop', port } }, target(), 1000);
    expect(loop.result).to.equal('failure');
    expect(loop.message).to.contain('stopped after 10 redirects');
  });

  it('tcpSocket, exec (with timeout) and grpc', async () => {
    expect((await runProbe({ tcpSocket: { port } }, target(), 1000)).result).to.equal('success');
    expect((await runProbe({ exec: { command: ['cat', '/tmp/health'] } }, target(1), 1000)).result).to.equal('failure');
    expect(await runProbe({ exec: { command: ['sleep', '10'] } }, target(0, 5000), 50)).to.deep.equal({ result: 'failure', message: 'command "sleep 10" timed out' });
    expect(await runProbe({ grpc: { port: grpcPort } }, target(), 2000)).to.deep.equal({ result: 'success', message: '' });
    serving = NOT_SERVING;
    expect((await runProbe({ grpc: { port: grpcPort } }, target(), 2000)).message).to.contain('NOT_SERVING');
  });
});
