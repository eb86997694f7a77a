import { expect } from 'chai';
import { buildPodStatus, podPhase, qosClass } from './pod-status.ts';
import type { ContainerStatus, Pod, PodSpec } from './pod-types.ts';

const running = (name: string, ready = true): ContainerStatus => ({ name, image: 'i', imageID: '', state: { running: { startedAt: 't' } }, lastState: {}, ready, restartCount: 0 });
const exited = (name: string, exitCode: number): ContainerStatus => ({
  name,
  image: 'i',
  imageID: '',
  state: { terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed', startedAt: 't', finishedAt: 't' } },
  lastState: {},
  ready: false,
  restartCount: 0,
});
const waiting = (name: string, reason: string, crashed = false): ContainerStatus => ({
  name,
  image: 'i',
  imageID: '',
  state: { waiting: { reason } },
  lastState: crashed ? { terminated: { exitCode: 1, reason: 'Error', startedAt: 't', finishedAt: 't' } } : {},
  ready: false,
  restartCount: crashed ? 1 : 0,
});
const spec = (restartPolicy: PodSpec['restartPolicy'], names = ['a'], init: string[] = []): PodSpec => ({
  restartPolicy,
  containers: names.map((name) => ({ name, image: 'i' })),
  initContainers: init.map((name) => ({ name, image: 'i' })),
});

describe('pod status', () => {
  const phases: [string, PodSpec, ContainerStatus[], ContainerStatus[], string][] = [
    ['a container still creating', spec('Always'), [], [waiting('a', 'ContainerCreating')], 'Pending'],
    ['an image that cannot be pulled', spec('Always'), [], [waiting('a', 'ErrImagePull')], 'Pending'],
    ['a running container', spec('Always'), [], [running('a')], 'Running'],
    ['a crash-looping container', spec('Always'), [], [waiting('a', 'CrashLoopBackOff', true)], 'Running'],
    ['Never, exited 0', spec('Never'), [], [exited('a', 0)], 'Succeeded'],
    ['Never, exited 1', spec('Never'), [], [exited('a', 1)], 'Failed'],
    ['OnFailure, exited 0', spec('OnFailure'), [], [exited('a', 0)], 'Succeeded'],
    ['OnFailure, exited 1 (will restart)', spec('OnFailure'), [], [exited('a', 1)], 'Running'],
    ['Always, all exited (will restart)', spec('Always'), [], [exited('a', 0)], 'Running'],
    ['init container running', spec('Always', ['a'], ['init']), [running('init')], [], 'Pending'],
    ['init container failed, Never', spec('Never', ['a'], ['init']), [exited('init', 1)], [], 'Failed'],
    ['init done, app running', spec('Always', ['a'], ['init']), [exited('init', 0)], [running('a')], 'Running'],
  ];
  for (const [what, podSpec, init, containers, phase] of phases) {
    it(`is ${phase} for ${what}`, () => expect(podPhase(podSpec, init, containers)).to.equal(phase));
  }

  it('keeps lastTransitionTime while a condition keeps its value, and explains unready containers', () => {
    const pod: Pod = { metadata: { name: 'p' }, spec: spec('Always', ['a', 'b']) };
    const first = buildPodStatus(pod, { hostIP: '127.42.16.1', podIP: '127.42.32.2', initContainerStatuses: [], containerStatuses: [running('a'), running('b', false)], sandboxReady: true }, 'T1');
    const ready = first.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).to.include({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [b]', lastTransitionTime: 'T1' });
    const second = buildPodStatus({ ...pod, status: first }, { hostIP: '127.42.16.1', podIP: '127.42.32.2', initContainerStatuses: [], containerStatuses: [running('a'), running('b', false)], sandboxReady: true }, 'T2');
    expect(second.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime).to.equal('T1');
    const third = buildPodStatus({ ...pod, status: second }, { hostIP: '127.42.16.1', podIP: '127.42.32.2', initContainerStatuses: [], containerStatuses: [running('a'), running('b')], sandboxReady: true }, 'T3');
    expect(third.conditions!.find((c) => c.type === 'Ready')).to.include({ status: 'True', lastTransitionTime: 'T3' });
    expect(third.podIPs).to.deep.equal([{ ip: '127.42.32.2' }]);
  });

  it('honours readiness gates set by others', () => {
    const pod: Pod = {
      metadata: { name: 'p' },
      spec: { ...spec('Always'), readinessGates: [{ conditionType: 'example.com/gate' }] },
      status: { conditions: [{ type: 'example.com/gate', status: 'False' }] },
    };
    const status = buildPodStatus(pod, { hostIP: 'h', initContainerStatuses: [], containerStatuses: [running('a')], sandboxReady: true }, 'T');
    expect(status.conditions!.find((c) => c.type === 'Ready')!.status).to.equal('False');
    expect(status.conditions!.find((c) => c.type === 'ContainersReady')!.status).to.equal('True');
    expect(status.conditions!.find((c) => c.type === 'example.com/gate')!.status).to.equal('False');
  });

  it('classifies QoS', () => {
    expect(qosClass(spec('Always'))).to.equal('BestEffort');
    const guaranteed = { containers: [{ name: 'a', image: 'i', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } as unknown as PodSpec;
    expect(qosClass(guaranteed)).to.equal('Guaranteed');
    const burstable = { containers: [{ name: 'a', image: 'i', resources: { requests: { cpu: '100m' } } }] } as unknown as PodSpec;
    expect(qosClass(burstable)).to.equal('Burstable');
  });
});
