import { expect } from 'chai';
import { ContainerLog, formatLine } from './container-log.ts';

describe('container log', () => {
  it('joins partial writes into lines and keeps an unfinished last line at close', () => {
    const log = new ContainerLog();
    log.append('stdout', 'hello ');
    log.append('stdout', 'world\nsecond');
    expect(log.snapshot().map((l) => l.text)).to.deep.equal(['hello world\n']);
    log.close();
    expect(log.snapshot().map((l) => l.text)).to.deep.equal(['hello world\n', 'second']);
  });

  it('serves tailLines, follows new lines and drops the oldest beyond its cap', () => {
    const log = new ContainerLog(20);
    const followed: (string | undefined)[] = [];
    log.follow((line) => followed.push(line?.text));
    for (const n of [1, 2, 3, 4, 5]) log.append('stdout', `line ${n}\n`);
    expect(log.snapshot({ tailLines: 1 }).map((l) => l.text)).to.deep.equal(['line 5\n']);
    expect(log.snapshot().length).to.be.lessThan(5);
    log.close();
    expect(followed).to.deep.equal(['line 1\n', 'line 2\n', 'line 3\n', 'line 4\n', 'line 5\n', undefined]);
    expect(formatLine(log.snapshot()[0]!, true)).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line \d\n$/);
  });
});
