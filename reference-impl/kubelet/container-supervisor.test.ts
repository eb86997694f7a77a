import { expect } from 'chai';
import { FaultSet, type FaultName } from '../faults.ts';
import { ContainerSupervisor } from './container-supervisor.ts';
import type { EventRecorder } from './event-recorder.ts';
import type { ContainerSpec, Pod } from './pod-types.ts';
import { eventually } from '../testing/eventually.ts';

/** One container's lifecycle with probes, back-off and faults, without an API server. */
const block = `127.${150 + Math.floor(Math.random() * 40)}.${Math.floor(Math.random() * 250)}`;
let nextIP = 1;

function harness(spec: ContainerSpec, faults: FaultName[] = [], restartPolicy: Pod['spec']['restartPolicy'] = 'Always') {
  const events: string[] = [];
  const pod: Pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u' }, spec: { restartPolicy, terminationGracePeriodSeconds: 1, containers: [spec] } };
  const recorder = { podEvent: (_pod: Pod, _type: string, reason: string, message: string) => events.push(`${reason}: ${message}`), forget: () => undefined } as unknown as EventRecorder;
  const supervisor = new ContainerSupervisor(
    {
      pod: () => pod,
      sandbox: { podName: 'p', namespace: 'ns', hostname: 'p', ip: `${block}.${nextIP++}`, resolver: { nameservers: [], searches: [], ndots: 5, port: 53, hosts: {} }, volumes: new Map() },
      recorder,
      faults: new FaultSet(faults),
      kubeletVersion: 'v1.33.0',
      changed: () => undefined,
      env: async () => ({}),
    },
    spec,
    'regular',
  );
  void supervisor.run();
  return { supervisor, events };
}

const until = async (what: string, condition: () => boolean, timeoutMs = 8000): Promise<void> => {
  await eventually(what, condition, { timeoutMs, intervalMs: 20 });
};

const BUSYBOX = 'registry.k8s.io/e2e-test-images/busybox:1.36.1-1';
const failingLiveness: ContainerSpec = {
  name: 'c',
  image: BUSYBOX,
  command: ['sh', '-c', 'sleep 600'],
  livenessProbe: { exec: { command: ['cat', '/tmp/health'] }, periodSeconds: 1, failureThreshold: 1 },
};

describe('container supervisor', function () {
  this.timeout(20_000);
  const started: ContainerSupervisor[] = [];
  const start = (...args: Parameters<typeof harness>) => {
    const h = harness(...args);
    started.push(h.supervisor);
    return h;
  };
  after(() => started.forEach((s) => s.kill()));

  it('restarts on liveness failure with the upstream event, unless liveness-never-restarts', async () => {
    const healthy = start(failingLiveness);
    const broken = start(failingLiveness, ['liveness-never-restarts']);
    await until('a restart', () => healthy.supervisor.status.restartCount >= 1);
    expect(healthy.events).to.include('Killing: Container c failed liveness probe, will be restarted');
    expect(healthy.supervisor.status.lastState.terminated?.exitCode).to.equal(137);
    expect(broken.supervisor.status.restartCount).to.equal(0);
    expect(broken.events.some((e) => e.startsWith('Unhealthy: Liveness probe failed'))).to.equal(true);
  });

  it('goes to CrashLoopBackOff after an immediate first restart', async () => {
    const { supervisor, events } = start({ name: 'c', image: BUSYBOX, command: ['sh', '-c', 'exit 1'] });
    await until('crash loop', () => supervisor.status.state.waiting?.reason === 'CrashLoopBackOff');
    expect(supervisor.status.restartCount).to.equal(1);
    expect(supervisor.status.state.waiting?.message).to.match(/^back-off 10s restarting failed container=c pod=p_ns\(u\)$/);
    expect(supervisor.status.lastState.terminated).to.include({ exitCode: 1, reason: 'Error' });
    expect(events.some((e) => e.startsWith('BackOff: Back-off restarting failed container c'))).to.equal(true);
  });

  it('keeps a container unready while its readiness probe fails, unless kubelet-ignores-readiness', async () => {
    const spec: ContainerSpec = { name: 'c', image: BUSYBOX, command: ['sh', '-c', 'sleep 600'], readinessProbe: { exec: { command: ['false'] }, periodSeconds: 1 } };
    const honest = start(spec);
    const lying = start(spec, ['kubelet-ignores-readiness']);
    await until('both running', () => honest.supervisor.status.state.running !== undefined && lying.supervisor.status.state.running !== undefined);
    await until('a failed readiness probe', () => honest.events.some((e) => e.startsWith('Unhealthy: Readiness probe failed')));
    expect(honest.supervisor.status.ready).to.equal(false);
    expect(lying.supervisor.status.ready).to.equal(true);
  });

  it('waits initialDelaySeconds before the first probe, unless probes-ignore-initial-delay', async () => {
    const spec: ContainerSpec = { name: 'c', image: BUSYBOX, command: ['sh', '-c', 'sleep 600'], readinessProbe: { exec: { command: ['true'] }, initialDelaySeconds: 30, periodSeconds: 1 } };
    const patient = start(spec);
    const eager = start(spec, ['probes-ignore-initial-delay']);
    await until('the eager one is ready', () => eager.supervisor.status.ready);
    expect(patient.supervisor.status.ready).to.equal(false);
  });

  it('fails unknown images with ErrImagePull, unless image-pull-never-fails', async () => {
    const missing = start({ name: 'c', image: 'webserver:404' });
    const forced = start({ name: 'c', image: 'webserver:404' }, ['image-pull-never-fails']);
    await until('pull failure', () => missing.supervisor.status.state.waiting?.reason === 'ErrImagePull');
    expect(missing.events).to.include('Failed: Error: ErrImagePull');
    await until('forced run', () => forced.supervisor.status.state.running !== undefined);
  });
});
