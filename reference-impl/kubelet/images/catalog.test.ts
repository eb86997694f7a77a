import { expect } from 'chai';
import { findImage, repositoryName, resolveArgv } from './catalog.ts';
import { ContainerRun, type PodSandbox } from '../runtime/container-run.ts';
import { httpFetch, tcpExchange, udpExchange } from './net/clients.ts';
import { eventuallyResolves } from '../../testing/eventually.ts';

/** A unique loopback block per test run, so parallel runs never collide on pod IPs. */
const block = `127.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}`;
let next = 1;

function sandbox(name: string): PodSandbox {
  return {
    podName: name,
    namespace: 'ns',
    hostname: name,
    ip: `${block}.${next++}`,
    resolver: { nameservers: ['127.0.0.254'], searches: ['ns.svc.cluster.local'], ndots: 5, port: 53, hosts: {} },
    volumes: new Map(),
  };
}

function run(name: string, image: string, args?: string[], env: Record<string, string> = {}, command?: string[]): ContainerRun {
  const emulation = findImage(image);
  if (!emulation) throw new Error(`no image ${image}`);
  return new ContainerRun(sandbox(name), { name: 'c', args, command, env }, emulation);
}

/** Retries a probe that throws until it answers (e.g. a server still starting). */
const eventually = <T>(probe: () => Promise<T>, timeoutMs = 5000): Promise<T> => eventuallyResolves('the emulated container to answer', probe, { timeoutMs, intervalMs: 20 });

describe('emulated image catalog', () => {
  const runs: ContainerRun[] = [];
  after(() => runs.forEach((r) => r.kill()));
  const start = (...args: Parameters<typeof run>): ContainerRun => {
    const r = run(...args);
    runs.push(r);
    return r;
  };

  it('matches images by repository name and refuses unknown ones', () => {
    expect(repositoryName('registry.k8s.io/e2e-test-images/agnhost:2.52')).to.equal('agnhost');
    expect(repositoryName('busybox@sha256:abc')).to.equal('busybox');
    expect(findImage('registry.k8s.io/pause:3.9')?.names).to.deep.equal(['pause']);
    expect(findImage('webserver:404')).to.equal(undefined);
    expect(findImage('gcr.io/google_samples/gb-redisslave:nonexistent')).to.equal(undefined);
    // The v1.36 DNS conformance tests query from glibc-dns-testing instead of jessie-dnsutils.
    expect(findImage('registry.k8s.io/e2e-test-images/glibc-dns-testing:2.0.0')?.hasShell).to.equal(true);
    expect(resolveArgv(findImage('agnhost')!, undefined, undefined)).to.deep.equal(['/agnhost', 'pause']);
    expect(resolveArgv(findImage('agnhost')!, undefined, ['netexec', '--http-port=80'])).to.deep.equal(['/agnhost', 'netexec', '--http-port=80']);
  });

  it('netexec serves /hostname, /echo, /clientip over HTTP and hostname over UDP', async () => {
    const pod = start('netexec-a', 'registry.k8s.io/e2e-test-images/agnhost:2.52', ['netexec', '--http-port=8080', '--udp-port=8081']);
    const ip = pod.sandbox.ip;
    const hostname = await eventually(() => httpFetch(`http://${ip}:8080/hostname`, {}));
    expect(hostname.body).to.equal('netexec-a');
    expect((await httpFetch(`http://${ip}:8080/echo?msg=hi&code=500`, {})).status).to.equal(500);
    const clientip = await httpFetch(`http://${ip}:8080/clientip`, { localAddress: `${block}.250` });
    expect(clientip.body).to.match(new RegExp(`^${block.replace(/\./g, '\\.')}\\.250:\\d+$`));
    expect(await eventually(async () => (await udpExchange(ip, 8081, 'hostname', { waitMs: 1000 })) || Promise.reject(new Error('no reply')))).to.equal('netexec-a');
    expect((await eventually(() => httpFetch(`http://${ip}:8080/healthz`, {}).then((r) => (r.status === 200 ? r : Promise.reject(new Error(String(r.status))))))).body).to.equal('ok');
  });

  it('netexec /dial reaches another pod over HTTP and UDP and reports lower-case keys', async () => {
    const client = start('dialer', 'agnhost', ['netexec']);
    const server = start('target', 'agnhost', ['netexec', '--http-port=8083']);
    await eventually(() => httpFetch(`http://${server.sandbox.ip}:8083/hostname`, {}));
    await eventually(() => httpFetch(`http://${client.sandbox.ip}:8080/`, {}));
    const http = await httpFetch(`http://${client.sandbox.ip}:8080/dial?request=hostname&protocol=http&host=${server.sandbox.ip}&port=8083&tries=1`, {});
    expect(JSON.parse(http.body)).to.deep.equal({ responses: ['target'] });
    const udp = await httpFetch(`http://${client.sandbox.ip}:8080/dial?request=hostname&protocol=udp&host=${server.sandbox.ip}&port=8081&tries=1`, {});
    expect(JSON.parse(udp.body)).to.deep.equal({ responses: ['target'] });
    const bad = await httpFetch(`http://${client.sandbox.ip}:8080/dial?request=hostname`, {});
    expect(bad.status).to.equal(400);
  });

  it('netexec /shell runs commands and /exit ends the container with the code', async () => {
    const pod = start('shell-pod', 'agnhost', ['netexec']);
    await eventually(() => httpFetch(`http://${pod.sandbox.ip}:8080/`, {}));
    const shell = await httpFetch(`http://${pod.sandbox.ip}:8080/shell?shellCommand=${encodeURIComponent('echo hello; hostname')}`, {});
    expect(JSON.parse(shell.body)).to.deep.equal({ output: 'hello\nshell-pod\n' });
    await httpFetch(`http://${pod.sandbox.ip}:8080/exit?code=3`, {});
    expect(await pod.exited).to.equal(3);
  });

  it('serve-hostname answers TCP connections and porter answers JSON', async () => {
    const tcp = start('sh-tcp', 'agnhost', ['serve-hostname', '--http=false', '--tcp', '--udp']);
    expect(await eventually(() => tcpExchange(tcp.sandbox.ip, 9376, 'hostName\n', { idleMs: 1000 }))).to.equal('sh-tcp');
    expect(await udpExchange(tcp.sandbox.ip, 9376, 'x', { waitMs: 1000 })).to.equal('sh-tcp');
    const porter = start('porter', 'agnhost', ['porter', '--json-response'], { SERVE_PORT_80: 'foo', SERVE_TLS_PORT_443: 'tls foo' });
    const res = await eventually(() => httpFetch(`http://${porter.sandbox.ip}:80/some/path`, { method: 'PATCH' }));
    expect(JSON.parse(res.body)).to.deep.equal({ Method: 'PATCH', Body: 'foo' });
    const tls = await eventually(() => httpFetch(`https://${porter.sandbox.ip}:443/`, {}), 15000);
    expect(JSON.parse(tls.body)).to.deep.equal({ Method: 'GET', Body: 'tls foo' });
    // Without --json-response the value goes out as written, typed as Go would sniff it (the pod proxy rewrites HTML links).
    const html = start('porter-html', 'agnhost', ['porter'], { SERVE_PORT_80: '<a href="/rewriteme">test</a>', SERVE_PORT_81: 'foo' });
    const page = await eventually(() => httpFetch(`http://${html.sandbox.ip}:80/`, {}));
    expect([page.body, page.headers['content-type']]).to.deep.equal(['<a href="/rewriteme">test</a>', 'text/html; charset=utf-8']);
    expect((await httpFetch(`http://${html.sandbox.ip}:81/`, {})).headers['content-type']).to.equal('text/plain; charset=utf-8');
  });

  it('busybox runs sh -c over a per-container filesystem with exit codes', async () => {
    const pod = start('bb', 'busybox', undefined, {}, ['/bin/sh', '-c', 'echo ok >/tmp/health; echo started; sleep 600']);
    const cat = await eventually(async () => {
      const result = await pod.exec(['cat', '/tmp/health']);
      return result.stdout === 'ok\n' ? result : Promise.reject(new Error(result.stderr));
    });
    expect(cat.stdout).to.equal('ok\n');
    expect((await pod.exec(['/bin/sh', '-c', 'rm -rf /tmp/health; cat /tmp/health'])).exitCode).to.not.equal(0);
    expect((await pod.exec(['/bin/false'])).exitCode).to.equal(1);
    expect((await pod.exec(['sh'], { stdin: 'echo from stdin; hostname\n' })).stdout).to.equal('from stdin\nbb\n');
    const podARecord = await pod.exec(['sh', '-c', `hostname -i | awk -F. '{print $1"-"$2"-"$3"-"$4".ns.pod.cluster.local"}'`]);
    expect(podARecord.stdout).to.equal(`${pod.sandbox.ip.replace(/\./g, '-')}.ns.pod.cluster.local\n`);
    pod.terminate();
    expect(pod.running, 'a shell as PID 1 ignores SIGTERM').to.equal(true);
    pod.kill();
    expect(await pod.exited).to.equal(137);
    const looping = start('bb-loop', 'busybox', undefined, {}, ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick $i; echo oops >&2; sleep 0.05; done']);
    await eventually(async () => (looping.log.snapshot().some((line) => line.text === 'tick 2\n') ? true : Promise.reject(new Error('no streamed log yet'))));
    expect(looping.log.snapshot().map((line) => line.stream)).to.include('stderr');
    looping.kill();
    const exits = start('bb-exit', 'busybox', undefined, {}, ['sh', '-c', 'echo bye; exit 7']);
    expect(await exits.exited).to.equal(7);
    expect(exits.log.snapshot().map((line) => line.text)).to.deep.equal(['bye\n']);
  });

  it('liveness /healthz starts healthy; httpd serves its index page', async () => {
    const pod = start('live', 'agnhost', ['liveness']);
    expect((await eventually(() => httpFetch(`http://${pod.sandbox.ip}:8080/healthz`, {}))).status).to.equal(200);
    const web = start('web', 'registry.k8s.io/e2e-test-images/httpd:2.4.38-4');
    expect((await eventually(() => httpFetch(`http://${web.sandbox.ip}:80/`, {}))).body).to.contain('It works!');
  });

  it('a pause container has no shell to exec', async () => {
    const pod = start('p', 'registry.k8s.io/pause:3.9');
    expect((await pod.exec(['sh', '-c', 'true'])).exitCode).to.equal(126);
    pod.terminate();
    expect(await pod.exited).to.equal(0);
  });
});

