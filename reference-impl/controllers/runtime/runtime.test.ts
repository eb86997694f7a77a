import { expect } from 'chai';
import { ControllerRunner } from './controller-runner.ts';
import { Expectations } from './expectations.ts';
import { WorkQueue } from './work-queue.ts';

describe('controller runtime', () => {
  describe('WorkQueue', () => {
    it('holds a waiting key once however often it is added', async () => {
      const queue = new WorkQueue();
      queue.add('a');
      queue.add('b');
      queue.add('a');
      expect(queue.length).to.equal(2);
      expect([await queue.get(), await queue.get()]).to.deep.equal(['a', 'b']);
    });

    it('never hands a key in progress to a second worker, and requeues it once done if re-added', async () => {
      const queue = new WorkQueue();
      queue.add('a');
      const first = await queue.get();
      queue.add('a');
      expect(queue.length).to.equal(0);
      queue.done(first!);
      expect(queue.length).to.equal(1);
      expect(await queue.get()).to.equal('a');
    });

    it('backs off failed keys exponentially and resets after forget', async () => {
      const queue = new WorkQueue({ baseMs: 1, maxMs: 1000 });
      const started = Date.now();
      queue.addRateLimited('a'); // 1 ms
      expect(await queue.get()).to.equal('a');
      queue.done('a');
      queue.addRateLimited('a'); // 2 ms
      queue.addRateLimited('a'); // an earlier pending delayed add wins
      expect(await queue.get()).to.equal('a');
      expect(Date.now() - started).to.be.greaterThanOrEqual(2);
      queue.forget('a');
      queue.shutDown();
      expect(await queue.get()).to.equal(undefined);
    });
  });

  describe('Expectations', () => {
    it('is unsatisfied until every expected creation and deletion was observed', () => {
      let now = 0;
      const expectations = new Expectations(1000, () => now);
      expect(expectations.satisfied('rs')).to.equal(true);
      expectations.expectCreations('rs', 2);
      expectations.creationObserved('rs');
      expect(expectations.satisfied('rs')).to.equal(false);
      expectations.creationObserved('rs');
      expect(expectations.satisfied('rs')).to.equal(true);
      expectations.expectDeletions('rs', ['u1', 'u2']);
      expectations.deletionObserved('rs', 'u1');
      expectations.deletionObserved('rs', 'u1'); // seen terminating, then gone: counted once
      expect(expectations.satisfied('rs')).to.equal(false);
      now = 1001;
      expect(expectations.satisfied('rs')).to.equal(true, 'expired records no longer block');
    });

    it('lowers expectations for creations that failed', () => {
      const expectations = new Expectations();
      expectations.expectCreations('rs', 4);
      expectations.creationObserved('rs');
      expectations.lowerCreations('rs', 3);
      expect(expectations.satisfied('rs')).to.equal(true);
    });
  });

  describe('ControllerRunner', () => {
    it('retries a failing key until it succeeds, then honours requeueAfterMs', async () => {
      const calls: string[] = [];
      let resolveDone!: () => void;
      const done = new Promise<void>((resolve) => (resolveDone = resolve));
      const runner = new ControllerRunner('test', async (key) => {
        calls.push(key);
        if (calls.length < 3) throw new Error('not yet');
        if (calls.length === 3) return { requeueAfterMs: 1 };
        resolveDone();
      });
      runner.start();
      runner.enqueue('k');
      await done;
      await runner.stop();
      expect(calls).to.deep.equal(['k', 'k', 'k', 'k']);
    });
  });
});
