import { expect } from 'chai';
import { memoryOf, sideBySide } from './upstream-vs-reference.ts';
import { DEFAULT_WORKLOAD, type WorkloadResult } from './workload.ts';

function result(scale: number): WorkloadResult {
  const s = (ms: number) => ({ count: 10, p50: ms * scale, p99: ms * scale * 2, max: ms * scale * 3 });
  return { create: s(2), get: s(1), list: s(20), watch: s(3), throughput: 1000 / scale };
}

describe('bench: upstream vs reference', () => {
  it('prints each reference column with its ratio to upstream', () => {
    const text = sideBySide(
      new Map([
        ['upstream', { result: result(2), rssMb: 400, peakMb: 500 }],
        ['reference-memory', { result: result(1), rssMb: 100, peakMb: 150 }],
      ]),
      DEFAULT_WORKLOAD,
    );
    const lines = text.split('\n');
    expect(lines[0]).to.match(/upstream\s+reference-memory\s+vs upstream/);
    expect(lines.find((l) => l.startsWith('get p50'))).to.match(/2\.00\s+1\.00\s+0\.5x$/);
    expect(lines.find((l) => l.startsWith('creates/s'))).to.match(/500\s+1000\s+2\.0x$/);
    expect(lines.find((l) => l.startsWith('RSS after'))).to.match(/400\s+100\s+0\.3x$/);
  });

  it('reads resident memory of a live process from /proc', () => {
    const mem = memoryOf(process.pid);
    expect(mem.rssMb).to.be.greaterThan(10);
    expect(mem.peakMb).to.be.at.least(mem.rssMb);
  });
});
