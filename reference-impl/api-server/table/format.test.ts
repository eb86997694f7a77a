import { expect } from 'chai';
import { humanDuration, podRestarts, podStatus } from './format.ts';

describe('table cell formatting', () => {
  const cases: Array<[number, string]> = [
    [-5000, '<invalid>'],
    [5000, '5s'],
    [119_000, '119s'],
    [200_000, '3m20s'],
    [600_000, '10m'],
    [3 * 3600_000 + 60_000, '3h1m'],
    [30 * 3600_000, '30h'],
    [50 * 3600_000, '2d2h'],
    [400 * 24 * 3600_000, '400d'],
    [3 * 365 * 24 * 3600_000, '3y'],
  ];
  for (const [ms, text] of cases) it(`${ms} ms is ${text}`, () => expect(humanDuration(ms)).to.equal(text));

  it('derives the pod STATUS column as kubectl shows it', () => {
    expect(podStatus({ status: { phase: 'Pending' } })).to.equal('Pending');
    expect(podStatus({ status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ErrImagePull' } } }] } })).to.equal('ErrImagePull');
    expect(podStatus({ status: { phase: 'Running', containerStatuses: [{ state: { terminated: { exitCode: 2 } } }] } })).to.equal('ExitCode:2');
    expect(podStatus({ spec: { initContainers: [{}, {}] }, status: { phase: 'Pending', initContainerStatuses: [{ state: { terminated: { exitCode: 0 } } }, { state: { running: {} } }] } })).to.equal('Init:1/2');
    expect(podStatus({ metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' }, status: { phase: 'Running' } })).to.equal('Terminating');
  });

  it('shows restarts with the age of the last one', () => {
    const now = new Date('2026-01-01T00:10:00Z');
    const pod = { status: { containerStatuses: [{ restartCount: 2, lastState: { terminated: { finishedAt: '2026-01-01T00:05:00Z' } } }] } };
    expect(podRestarts(pod, now)).to.equal('2 (5m ago)');
    expect(podRestarts({ status: { containerStatuses: [{ restartCount: 0 }] } }, now)).to.equal('0');
  });
});
